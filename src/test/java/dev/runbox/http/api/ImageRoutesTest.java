package dev.runbox.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.FakeSandbox;
import dev.runbox.http.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class ImageRoutesTest {
  private final TestServer http = new TestServer(new FakeSandbox());

  @AfterEach
  void stop() {
    http.close();
  }

  @Test
  void listsEveryImageOfTheCatalogInNameOrder() throws Exception {
    TestServer.Response r = http.get("/v1/images");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    List<String> names = new ArrayList<>();
    r.json().get("images").forEach(i -> names.add(i.get("name").asText()));
    List<String> folders = new ArrayList<>();
    try (var list = Files.list(Path.of("images"))) {
      list.filter(f -> Files.isRegularFile(f.resolve("manifest.json")))
          .map(f -> f.getFileName().toString())
          .sorted()
          .forEach(folders::add);
    }
    assertThat(names).containsExactlyElementsOf(folders);
    assertThat(names).as("40 languages and tiny").hasSizeGreaterThanOrEqualTo(41).contains("tiny");
    r.json()
        .get("images")
        .forEach(i -> assertThat(i.has("samples")).as("the list leaves samples out").isFalse());
  }

  @Test
  void givesEachImagesDescriptionCommandAndDefaultAndMaximumLimits() {
    JsonNode python = null;
    for (JsonNode i : http.get("/v1/images").json().get("images")) {
      if (i.get("name").asText().equals("python")) {
        python = i;
      }
    }

    assertThat(python).isNotNull();
    assertThat(python.get("language").asText()).isEqualTo("Python");
    assertThat(python.get("version").asText()).isEqualTo("3.13");
    assertThat(python.get("framework").asText()).isEqualTo("pytest");
    assertThat(python.get("extension").asText()).isEqualTo(".py");
    assertThat(python.get("default_command").asText())
        .isEqualTo("python3 -m pytest -q -p no:cacheprovider");
    assertThat(python.get("rule_set").asText()).startsWith("python@");
    assertThat(python.at("/default_limits/time_s").isIntegralNumber()).isTrue();
    assertThat(python.at("/default_limits/time_s").asInt()).isEqualTo(10);
    assertThat(python.at("/default_limits/memory_mib").asInt()).isEqualTo(256);
    assertThat(python.at("/default_limits/cpus").asDouble()).isEqualTo(1.0);
    assertThat(python.at("/maximum_limits/time_s").asInt())
        .isEqualTo(http.config.limits().maximum().timeSeconds());
    assertThat(python.at("/maximum_limits/memory_mib").asInt()).isEqualTo(4096);
    assertThat(python.get("maximum_limits").size()).isEqualTo(7);
  }

  @Test
  void givesOneImageWithItsRedAmberAndGreenSamples() {
    TestServer.Response r = http.get("/v1/images/python");

    assertThat(r.status()).isEqualTo(200);
    JsonNode j = r.json();
    assertThat(j.get("name").asText()).isEqualTo("python");
    assertThat(j.get("default_limits").size()).isEqualTo(7);
    List<String> variants = new ArrayList<>();
    j.get("samples").fieldNames().forEachRemaining(variants::add);
    assertThat(variants).containsExactly("amber", "green", "red");
    assertThat(j.at("/samples/green/hiker.py").asText()).contains("def answer");
    assertThat(j.at("/samples/green/test_hiker.py").asText()).contains("def test_");
  }

  @Test
  void answers404ForAnImageNotInTheCatalog() {
    TestServer.Response r = http.get("/v1/images/brainfuck");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("type").asText()).isEqualTo("urn:runbox:problem:unknown-image");
  }
}
