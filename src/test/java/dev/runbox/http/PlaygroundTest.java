package dev.runbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.FakeSandbox;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The playground at / and the API reference at /docs are served by runbox itself: every module the
 * editor imports resolves through the page's import map to a WebJar in the jar, and no page names
 * another host.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class PlaygroundTest {
  private static final Pattern URL = Pattern.compile("(?i)\\bhttps?://[^\\s\"'<>)]*");
  private static final Pattern IMPORT_MAP =
      Pattern.compile("(?s)<script type=\"importmap\">(.*?)</script>");
  private static final Pattern IMPORTS =
      Pattern.compile(
          "(?m)^\\s*(?:import|export)\\b[^;'\"]*?\\bfrom\\s*['\"]([^'\"]+)['\"]|^\\s*import\\s*['\"]([^'\"]+)['\"]");
  private static final List<String> PAGE_ASSETS =
      List.of(
          "/playground.js",
          "/editor.js",
          "/api.js",
          "/workspace.js",
          "/result.js",
          "/judge.js",
          "/playground.css",
          "/docs/docs.js");

  private final TestServer http = new TestServer(new FakeSandbox());

  @AfterEach
  void stop() {
    http.close();
  }

  @Test
  void servesThePlaygroundAtTheRoot() {
    TestServer.Response page = http.get("/");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body())
        .contains(
            "<script type=\"importmap\">",
            "src=\"/playground.js\"",
            "id=\"editor\"",
            "id=\"tests-tab\"",
            "id=\"judge\"");
  }

  @Test
  void servesTheApiReferenceAtDocs() {
    TestServer.Response redirect = http.get("/docs");
    TestServer.Response page = http.get("/docs/");

    assertThat(redirect.status()).isEqualTo(302);
    assertThat(redirect.header("Location")).endsWith("/docs/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("/webjars/swagger-ui/", "/docs/docs.js");
    for (String asset : List.of("swagger-ui-bundle.js", "swagger-ui.css")) {
      String path =
          page.body()
                  .replaceAll(
                      "(?s).*\"(/webjars/swagger-ui/[^\"]+/)" + Pattern.quote(asset) + "\".*", "$1")
              + asset;
      assertThat(http.get(path).status()).as(path).isEqualTo(200);
    }
  }

  @Test
  void namesNoOtherHostInItsPagesOrScripts() {
    for (String path : concat(List.of("/", "/docs/"), PAGE_ASSETS)) {
      TestServer.Response r = http.get(path);

      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(URL.matcher(r.body()).results().map(MatchResult::group).toList())
          .as("URLs in " + path)
          .isEmpty();
    }
  }

  @Test
  void servesItsOwnScriptsAndStylesWithTheirContentTypes() {
    for (String path : PAGE_ASSETS) {
      TestServer.Response r = http.get(path);

      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.contentType())
          .as(path)
          .startsWith(path.endsWith(".css") ? "text/css" : "text/javascript");
    }
  }

  @Test
  void resolvesEveryModuleTheEditorImportsToAServedWebJar() {
    Map<String, String> importMap = importMap();
    Deque<String> pending = new ArrayDeque<>(List.of("/playground.js"));
    Set<String> seen = new HashSet<>(pending);
    while (!pending.isEmpty()) {
      String module = pending.pop();
      TestServer.Response r = http.get(module);
      assertThat(r.status()).as(module).isEqualTo(200);
      assertThat(r.contentType()).as(module).startsWith("text/javascript");
      for (String specifier : imports(r.body())) {
        String resolved = resolve(importMap, module, specifier);
        if (seen.add(resolved)) {
          pending.add(resolved);
        }
      }
    }
    assertThat(seen)
        .as("modules loaded")
        .anyMatch(m -> m.startsWith("/webjars/codemirror__view/"))
        .anyMatch(m -> m.startsWith("/webjars/codemirror__legacy-modes/"))
        .hasSizeGreaterThan(15);
    assertThat(importMap.values())
        .allSatisfy(target -> assertThat(seen).anyMatch(m -> m.startsWith(target)));
  }

  private Map<String, String> importMap() {
    Matcher m = IMPORT_MAP.matcher(http.get("/").body());
    assertThat(m.find()).as("an import map").isTrue();
    Map<String, String> map = new LinkedHashMap<>();
    JsonNode imports = new TestServer.Response(200, Map.of(), m.group(1)).json().get("imports");
    imports.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static List<String> imports(String source) {
    return IMPORTS
        .matcher(source)
        .results()
        .map(r -> r.group(1) != null ? r.group(1) : r.group(2))
        .toList();
  }

  /**
   * Resolves as a browser does with an import map: relative to the module, else an exact or a
   * prefix entry.
   */
  private static String resolve(Map<String, String> importMap, String module, String specifier) {
    if (specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("/")) {
      return URI.create(module).resolve(specifier).toString();
    }
    if (importMap.containsKey(specifier)) {
      return importMap.get(specifier);
    }
    return importMap.entrySet().stream()
        .filter(e -> e.getKey().endsWith("/") && specifier.startsWith(e.getKey()))
        .map(e -> e.getValue() + specifier.substring(e.getKey().length()))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    module + " imports '" + specifier + "', which the import map does not map"));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
