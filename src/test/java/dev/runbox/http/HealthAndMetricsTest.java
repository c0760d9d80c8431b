package dev.runbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.FakeSandbox;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class HealthAndMetricsTest {
  private final FakeSandbox sandbox = new FakeSandbox();
  private final TestServer http = new TestServer(sandbox);

  @AfterEach
  void stop() {
    http.close();
  }

  @Test
  void isLiveEvenWhenNotReady() {
    http.readinessProblems.set(List.of("the engine does not answer"));

    TestServer.Response r = http.get("/health/live");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("live");
  }

  @Test
  void isReadyWhenReadinessFindsNoProblem() {
    TestServer.Response r = http.get("/health/ready");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("ready");
  }

  @Test
  void answers503ListingTheProblemsWhenNotReady() {
    http.readinessProblems.set(
        List.of("the engine does not answer", "image runbox/go:latest is missing"));

    TestServer.Response r = http.get("/health/ready");

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode j = r.json();
    assertThat(j.get("type").asText()).isEqualTo("urn:runbox:problem:not-ready");
    assertThat(j.get("problems"))
        .extracting(JsonNode::asText)
        .containsExactly("the engine does not answer", "image runbox/go:latest is missing");
  }

  @Test
  void exposesRunMetricsInPrometheusTextFormat() {
    sandbox.answer(FakeSandbox.result(0, "1 passed\n", ""));
    http.run("{\"image\": \"python\"}");

    TestServer.Response r = http.get("/metrics");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/plain; version=0.0.4");
    assertThat(r.body())
        .contains("runbox_runs_total{image=\"python\",outcome=\"green\"} 1.0")
        .contains("runbox_run_duration_seconds_bucket{image=\"python\"")
        .contains("runbox_run_duration_seconds_count{image=\"python\"} 1")
        .contains("runbox_queue_depth 0.0")
        .contains("runbox_sandboxes_running 0.0")
        .contains("runbox_engine_errors_total 0.0")
        .contains("runbox_containers_reaped_total 0.0")
        .contains(
            "runbox_http_requests_seconds_count{method=\"POST\",route=\"/v1/runs\",status=\"200\"} 1");
  }

  @Test
  void labelsUnknownRoutesAsUnmatchedSoPathsCannotFloodTheLabels() {
    http.get("/no/such/route/1");
    http.get("/no/such/route/2");

    assertThat(http.get("/metrics").body())
        .contains(
            "runbox_http_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"} 2")
        .doesNotContain("/no/such/route");
  }
}
