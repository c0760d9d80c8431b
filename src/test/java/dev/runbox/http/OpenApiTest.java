package dev.runbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Digests;
import dev.runbox.core.FakeSandbox;
import dev.runbox.core.HarvestedFile;
import dev.runbox.core.Limit;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import dev.runbox.http.api.RunBody;
import dev.runbox.http.cyberdojo.CyberDojoApi;
import dev.runbox.http.piston.PistonApi;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Keeps /openapi.json true: the routes it lists are the routes served, and real bodies fit its
 * schemas.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class OpenApiTest {
  private final FakeSandbox sandbox = new FakeSandbox();
  private final TestServer http = new TestServer(sandbox);
  private final JsonNode document = http.get("/openapi.json").json();
  private final SchemaCheck schemas = new SchemaCheck(document);

  @AfterEach
  void stop() {
    http.close();
  }

  @Test
  void isAnOpenApi31DocumentServedAsJson() {
    TestServer.Response r = http.get("/openapi.json");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(document.at("/info/title").asText()).isEqualTo("runbox");
  }

  @Test
  void documentsEveryRegisteredRouteWithItsMethod() {
    List<HttpServer.Route> served = runboxRoutes();

    assertThat(served).hasSize(7);
    for (HttpServer.Route route : served) {
      assertThat(
              document
                  .path("paths")
                  .path(route.path())
                  .has(route.method().toLowerCase(Locale.ROOT)))
          .as(route + " is documented")
          .isTrue();
    }
  }

  @Test
  void documentsOnlyRoutesThatAreServed() {
    List<HttpServer.Route> documented = new ArrayList<>();
    document
        .get("paths")
        .properties()
        .forEach(
            p ->
                p.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        m ->
                            documented.add(
                                new HttpServer.Route(m.toUpperCase(Locale.ROOT), p.getKey()))));

    assertThat(documented).containsExactlyInAnyOrderElementsOf(runboxRoutes());
  }

  /**
   * The routes of runbox's own API. The compatibility routes follow cyber-dojo's and Piston's APIs
   * and are described in docs/compat.md, not here.
   */
  private List<HttpServer.Route> runboxRoutes() {
    return http.server.routes().stream()
        .filter(r -> !CyberDojoApi.PATHS.contains(r.path()) && !PistonApi.PATHS.contains(r.path()))
        .toList();
  }

  @Test
  void leavesThePlaygroundPagesOutAsStaticFilesThatAreNotApi() {
    for (String page : List.of("/", "/docs/")) {
      assertThat(http.get(page).status()).as(page + " is served").isEqualTo(200);
      assertThat(http.server.routes())
          .as(page + " is no API route")
          .noneMatch(r -> r.path().equals(page));
      assertThat(document.path("paths").has(page)).as(page + " is not documented as API").isFalse();
    }
  }

  @Test
  void describesEveryFieldOfARealRunResponse() {
    byte[] binary = {(byte) 0xff, 'x'};
    sandbox.answer(
        new SandboxResult(
            new CapturedBytes(binary, true),
            FakeSandbox.captured("err"),
            1,
            Timeout.INNER,
            false,
            List.of(
                new HarvestedFile(
                    "out.bin", 2, Digests.sha256(binary), new CapturedBytes(binary, false), false),
                new HarvestedFile(
                    "a.py", 1, Digests.sha256(new byte[] {'y'}), FakeSandbox.captured("y"), false)),
            true,
            new Usage(5, Usage.UNKNOWN, 100)));

    TestServer.Response r =
        http.run(Map.of("image", "python", "files", Map.of("a.py", "x", "gone.py", "z")));

    JsonNode run = r.json();
    assertThat(run.at("/stdout/encoding").asText())
        .as("the encoding flag is exercised")
        .isEqualTo("base64");
    assertThat(run.at("/files/deleted/0").asText()).isEqualTo("gone.py");
    schemas.conforms(run, schemas.schema("RunResponse"), "run");
    assertThat(
            schemas.resolve(
                document.at(
                    "/paths/~1v1~1runs/post/responses/200/content/application~1json/schema")))
        .isEqualTo(schemas.schema("RunResponse"));
  }

  @Test
  void describesTheImageHealthAndProblemBodies() {
    schemas.conforms(http.get("/v1/images").json(), schemas.schema("ImageList"), "images");
    schemas.conforms(
        http.get("/v1/images/python").json(), schemas.schema("ImageWithSamples"), "image");
    schemas.conforms(http.get("/health/live").json(), schemas.schema("Health"), "live");
    schemas.conforms(
        http.run("{\"image\": \"python\", \"limits\": {\"time_s\": 9999}}").json(),
        schemas.schema("Problem"),
        "problem");
    http.readinessProblems.set(List.of("no engine"));
    schemas.conforms(http.get("/health/ready").json(), schemas.schema("Problem"), "not ready");
  }

  @Test
  void listsEveryProblemTypeTheServiceCanAnswer() {
    List<String> documented = new ArrayList<>();
    schemas.schema("Problem").at("/properties/type/enum").forEach(t -> documented.add(t.asText()));

    assertThat(documented)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Problem.Type.values()).map(t -> t.uri).toList());
  }

  @Test
  void describesExactlyTheRequestFieldsAndLimitsAccepted() {
    List<String> accepted =
        Arrays.stream(RunBody.class.getRecordComponents())
            .map(c -> c.getAccessor().getAnnotation(JsonProperty.class).value())
            .toList();
    List<String> documented = new ArrayList<>();
    schemas.schema("RunRequest").get("properties").fieldNames().forEachRemaining(documented::add);
    List<String> limits = new ArrayList<>();
    schemas.schema("Limits").get("properties").fieldNames().forEachRemaining(limits::add);

    assertThat(documented).containsExactlyInAnyOrderElementsOf(accepted);
    assertThat(limits)
        .containsExactlyElementsOf(Arrays.stream(Limit.values()).map(Limit::apiName).toList());
  }
}
