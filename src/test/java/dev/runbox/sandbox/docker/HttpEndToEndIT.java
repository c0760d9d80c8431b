package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.FileSet;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The whole service against the real engine: HTTP in, a container per run, a verdict out, nothing
 * left.
 */
@org.junit.jupiter.api.Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
class HttpEndToEndIT {
  private final ServiceFixture service = new ServiceFixture();

  @AfterEach
  void nothingIsLeft() {
    service.close();
  }

  @Test
  void runsThePythonGreenSampleToGreen() {
    JsonNode run = runSample("green");

    assertThat(run.get("outcome").asText()).as(run.toString()).isEqualTo("green");
    assertThat(run.get("exit_status").asInt()).isZero();
    assertThat(run.at("/stdout/content").asText()).contains("passed");
    assertThat(run.get("rule_set").asText()).startsWith("python@");
    assertThat(run.at("/usage/wall_ms").asLong()).isPositive();
  }

  @Test
  void runsThePythonRedSampleToRed() {
    JsonNode run = runSample("red");

    assertThat(run.get("outcome").asText()).as(run.toString()).isEqualTo("red");
    assertThat(run.get("exit_status").asInt()).isEqualTo(1);
    assertThat(run.at("/stdout/content").asText()).contains("failed");
  }

  @Test
  void isReadyAndCountsTheRunInItsMetrics() {
    runSample("green");

    assertThat(service.get("/health/ready").status()).isEqualTo(200);
    assertThat(service.get("/metrics").body())
        .contains("runbox_runs_total{image=\"python\",outcome=\"green\"} 1.0");
  }

  private JsonNode runSample(String variant) {
    FileSet sample = service.catalog.manifest("python").orElseThrow().samples().get(variant);
    Map<String, String> files = new LinkedHashMap<>();
    sample
        .files()
        .forEach(f -> files.put(f.path(), new String(f.content(), StandardCharsets.UTF_8)));
    ServiceFixture.Response r = service.post("/v1/runs", Map.of("image", "python", "files", files));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }
}
