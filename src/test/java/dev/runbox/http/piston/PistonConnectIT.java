package dev.runbox.http.piston;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbox.sandbox.docker.ServiceFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Piston's {@code /api/v2/connect} against the real service and engine, with the JDK's WebSocket
 * client: a client that vanishes mid-run leaves no container, and tokens guard the upgrade.
 */
@org.junit.jupiter.api.Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
class PistonConnectIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final HttpClient client = HttpClient.newHttpClient();
  private final List<ServiceFixture> services = new ArrayList<>();

  @AfterEach
  void stop() {
    client.close();
    services.forEach(ServiceFixture::close);
  }

  private ServiceFixture service(Map<String, String> flags) {
    ServiceFixture s = new ServiceFixture(flags);
    services.add(s);
    return s;
  }

  /**
   * What a socket received: each text message, and its close as {@code "close <code> <reason>"}.
   */
  private static final class Received implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      messages.add("close " + code + " " + reason);
      return null;
    }

    /** Waits (bounded) for the next message. */
    String next() throws InterruptedException {
      String m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(m).as("a message within " + WAIT).isNotNull();
      return m;
    }

    /** Waits (bounded) until stdout has sent {@code text}. */
    void awaitStdout(String text) throws Exception {
      StringBuilder stdout = new StringBuilder();
      while (!stdout.toString().contains(text)) {
        String m = next();
        assertThat(m).as("stdout so far: " + stdout).doesNotStartWith("close ");
        JsonNode j = JSON.readTree(m);
        if ("data".equals(j.path("type").asText()) && "stdout".equals(j.path("stream").asText())) {
          stdout.append(j.path("data").asText());
        }
      }
    }
  }

  private WebSocket connect(ServiceFixture service, Received listener, String... headers)
      throws Exception {
    WebSocket.Builder b = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.buildAsync(
            URI.create("ws://127.0.0.1:" + service.port() + "/api/v2/connect"), listener)
        .get(30, TimeUnit.SECONDS);
  }

  private static void send(WebSocket ws, Object message) throws Exception {
    ws.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
  }

  private static Map<String, Object> init(String program, int runTimeoutMs) {
    return Map.of(
        "type",
        "init",
        "language",
        "python",
        "version",
        "*",
        "run_timeout",
        runTimeoutMs,
        "files",
        List.of(Map.of("content", program)));
  }

  @Test
  void aClientThatVanishesMidRunLeavesNoContainerOfItsRun() throws Exception {
    ServiceFixture service = service(Map.of());
    Received received = new Received();
    WebSocket ws = connect(service, received);
    send(
        ws,
        init(
            "import os\nprint('sleeping', flush=True)\nos.execvp('sleep', ['sleep', '30'])\n",
            60_000));
    received.awaitStdout("sleeping");
    List<String> running = service.runIds();
    assertThat(running).as("the run's container while it sleeps").hasSize(1);
    String runId = running.get(0);

    long vanished = System.nanoTime();
    ws.abort();

    Duration deadline = Duration.ofSeconds(20);
    while (service.runIds().contains(runId) && System.nanoTime() - vanished < deadline.toNanos()) {
      service.pause(Duration.ofMillis(200));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - vanished);
    assertThat(service.runIds())
        .as("containers of run %s %d ms after its client vanished", runId, took.toMillis())
        .doesNotContain(runId);
    assertThat(took).as("removed long before sleep 30 would end").isLessThan(deadline);
  }

  @Test
  void aServiceWithTokensRefusesTheUpgradeWithoutOne() throws Exception {
    ServiceFixture service = service(Map.of("tokens", "secret"));

    Throwable refused = catchThrowable(() -> connect(service, new Received()));
    assertThat(refused).isInstanceOf(ExecutionException.class);
    assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
    assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode())
        .isEqualTo(401);
    Throwable wrong =
        catchThrowable(
            () -> connect(service, new Received(), "Authorization", "Bearer not-the-token"));
    assertThat(((WebSocketHandshakeException) wrong.getCause()).getResponse().statusCode())
        .isEqualTo(401);

    Received received = new Received();
    WebSocket ws = connect(service, received, "Authorization", "Bearer secret");
    send(ws, init("print('authorised')", 10_000));
    received.awaitStdout("authorised\n");
    String last = received.next();
    while (!last.startsWith("close ")) {
      last = received.next();
    }
    assertThat(last).isEqualTo("close 4999 Job Completed");
    CompletableFuture<WebSocket> closed = ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
    closed.exceptionally(e -> ws).get(30, TimeUnit.SECONDS);
  }
}
