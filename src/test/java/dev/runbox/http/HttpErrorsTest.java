package dev.runbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.FakeSandbox;
import dev.runbox.core.SandboxUnavailableException;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Each error status the API documents, as problem+json, and the service still serving afterwards.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class HttpErrorsTest {
  private static final String RUN = "{\"image\": \"tiny\"}";

  private final FakeSandbox sandbox = new FakeSandbox();
  private final TestServer http =
      new TestServer(
          sandbox, Map.of("max_running", "1", "max_queued", "0", "queue_timeout_s", "0"));

  @AfterEach
  void stillServing() {
    assertThat(http.get("/health/live").status()).isEqualTo(200);
    http.close();
  }

  private static JsonNode problem(TestServer.Response r, int status, String type) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode j = r.json();
    assertThat(j.get("type").asText()).isEqualTo("urn:runbox:problem:" + type);
    assertThat(j.get("status").asInt()).isEqualTo(status);
    assertThat(j.get("title").asText()).isNotBlank();
    assertThat(j.get("detail").asText()).isNotBlank();
    return j;
  }

  @Test
  void answers404ForAnUnknownImageNamingTheField() {
    JsonNode j = problem(http.run("{\"image\": \"brainfuck\"}"), 404, "unknown-image");

    assertThat(j.get("field").asText()).isEqualTo("image");
    assertThat(j.get("detail").asText()).contains("'brainfuck'");
  }

  @Test
  void answers404ForAnUnknownRoute() {
    problem(http.get("/v2/runs"), 404, "not-found");
    // "/" is the playground now; a path that is neither a route nor a static file is still a
    // problem
    problem(http.get("/no-such-page.html"), 404, "not-found");
  }

  @Test
  void answersTheHttpServersOwnRefusalsAsProblemsToo() throws Exception {
    String response;
    try (Socket socket = new Socket("127.0.0.1", http.server.port())) {
      socket
          .getOutputStream()
          .write("GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
    TestServer.Response huge = http.get("/health/live", "X-Huge", "h".repeat(20_000));

    assertThat(response)
        .startsWith("HTTP/1.1 400")
        .contains("Content-Type: application/problem+json")
        .contains("\"type\":\"urn:runbox:problem:bad-message\"");
    problem(huge, 431, "bad-message");
  }

  @Test
  void answers405WithAllowForAKnownPathAndAnotherMethod() {
    TestServer.Response r = http.send(http.request("/v1/runs").DELETE().build());

    problem(r, 405, "method-not-allowed");
    assertThat(r.header("Allow")).isEqualTo("POST");
    problem(
        http.send(http.request("/health/live").POST(HttpRequest.BodyPublishers.noBody()).build()),
        405,
        "method-not-allowed");
  }

  @Test
  void answers413WhenTheDeclaredLengthIsAboveTheMaximum() {
    String big = "{\"image\": \"tiny\", \"stdin\": \"" + "x".repeat(70 * 1024) + "\"}";

    JsonNode j = problem(http.run(big), 413, "too-large");

    assertThat(j.get("detail").asText()).contains("at most 65536");
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void answers413WhenAChunkedBodyTurnsOutLargerThanTheMaximum() {
    byte[] big = ("{\"image\": \"tiny\", \"stdin\": \"" + "x".repeat(70 * 1024) + "\"}").getBytes();
    HttpRequest chunked =
        http.request("/v1/runs")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
            .build();

    JsonNode j = problem(http.send(chunked), 413, "too-large");

    assertThat(j.get("detail").asText()).contains("larger than 65536");
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void answers415ForAnotherMediaTypeOrCharset() {
    HttpRequest.Builder plain =
        http.request("/v1/runs").POST(HttpRequest.BodyPublishers.ofString(RUN));

    problem(
        http.send(plain.copy().header("Content-Type", "text/plain").build()),
        415,
        "unsupported-media-type");
    problem(
        http.send(plain.copy().header("Content-Type", "application/x-www-form-urlencoded").build()),
        415,
        "unsupported-media-type");
    problem(
        http.send(
            plain.copy().header("Content-Type", "application/json; charset=ISO-8859-1").build()),
        415,
        "unsupported-media-type");
    problem(http.send(plain.copy().build()), 415, "unsupported-media-type");
    assertThat(
            http.send(
                    plain.copy().header("Content-Type", "Application/JSON; charset=utf-8").build())
                .status())
        .isEqualTo(200);
  }

  @Test
  void answers429WithRetryAfterWhenEverySandboxIsBusyAndTheQueueIsFull() throws Exception {
    sandbox.blockUntilReleased(1);
    CompletableFuture<HttpResponse<String>> first =
        http.client.sendAsync(
            http.request("/v1/runs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RUN))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    sandbox.awaitEntered();

    TestServer.Response second = http.run(RUN);

    problem(second, 429, "at-capacity");
    assertThat(second.header("Retry-After")).isEqualTo("1");
    sandbox.release();
    assertThat(first.get().statusCode()).isEqualTo(200);
    assertThat(http.scrape()).contains("runbox_runs_refused_total{reason=\"capacity\"} 1.0");
  }

  /** Behind a balancer that retries another node on 503, a full node says 503, nothing else. */
  @Test
  void aFullNodeAnswersBusyStatus503WhenSoConfiguredAndServesAfterwards() throws Exception {
    FakeSandbox busy = new FakeSandbox();
    try (TestServer node =
        new TestServer(
            busy,
            Map.of(
                "max_running",
                "1",
                "max_queued",
                "0",
                "queue_timeout_s",
                "0",
                "busy_status",
                "503"))) {
      busy.blockUntilReleased(1);
      CompletableFuture<HttpResponse<String>> first =
          node.client.sendAsync(
              node.request("/v1/runs")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(RUN))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      busy.awaitEntered();

      TestServer.Response second = node.run(RUN);

      problem(second, 503, "busy");
      assertThat(second.header("Retry-After")).isEqualTo("1");
      busy.release();
      assertThat(first.get().statusCode()).isEqualTo(200);
      assertThat(node.run(RUN).status()).isEqualTo(200);
    }
  }

  @Test
  void answers503WhenTheEngineIsUnreachableWithoutItsInternals() {
    sandbox.failWith(
        new SandboxUnavailableException(
            "run-1", "c0ffee", "cannot connect to /var/run/docker.sock", null));

    TestServer.Response r = http.run(RUN);

    JsonNode j = problem(r, 503, "sandbox-unavailable");
    assertThat(j.get("detail").asText())
        .contains("run-1")
        .doesNotContain("docker.sock")
        .doesNotContain("c0ffee");
    assertThat(r.header("Retry-After")).isEqualTo("5");
    assertThat(http.scrape()).contains("runbox_engine_errors_total 1.0");
  }

  @Test
  void answers500ForAnUnexpectedFailureWithoutLeakingIt() {
    sandbox.failWith(new IllegalStateException("secret at /opt/runbox/internal"));

    JsonNode j = problem(http.run(RUN), 500, "internal");

    assertThat(j.toString())
        .doesNotContain("secret")
        .doesNotContain("IllegalState")
        .doesNotContain("/opt");
  }
}
