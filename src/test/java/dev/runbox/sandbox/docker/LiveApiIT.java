package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * runbox's live runs through the whole service against the real engine: the WebSocket {@code
 * /v1/runs/connect} and {@code POST /v1/runs} as server-sent events.
 */
@org.junit.jupiter.api.Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
class LiveApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String GUESS =
      """
      import sys
      print('Guess the number', flush=True)
      for line in sys.stdin:
          n = int(line)
          if n == 7:
              print('right', flush=True)
              break
          print('higher' if n < 7 else 'lower', flush=True)
      """;

  /** A real WebSocket client's view: each message with the time it came, and how it closed. */
  static final class Client implements WebSocket.Listener {
    final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    final List<Long> times = new ArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static Client connect(ServiceFixture service, String query) {
      Client c = new Client();
      URI uri = URI.create("ws://127.0.0.1:" + service.port() + "/v1/runs/connect" + query);
      c.socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .buildAsync(uri, c)
              .join();
      return c;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode m = JSON.readTree(partial.toString());
          synchronized (times) {
            times.add(System.nanoTime());
          }
          messages.add(m);
        } catch (java.io.IOException e) {
          throw new AssertionError("not JSON: " + partial, e);
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      closed.complete(code);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }

    void send(Object message) {
      try {
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("sending failed", e);
      }
    }

    /** The next message, waiting at most 30 s. */
    JsonNode next() throws InterruptedException {
      JsonNode m = messages.poll(30, TimeUnit.SECONDS);
      assertThat(m).as("a message within 30 s").isNotNull();
      return m;
    }

    /** Reads messages until one of this type, collecting stdout on the way. */
    JsonNode until(String type, StringBuilder stdout) throws InterruptedException {
      while (true) {
        JsonNode m = next();
        if (m.path("type").asText().equals("stdout")) {
          stdout.append(m.path("data").asText());
        }
        if (m.path("type").asText().equals(type)) {
          return m;
        }
      }
    }

    /** Reads stdout messages until their text contains {@code text}. */
    void awaitStdout(StringBuilder stdout, String text) throws InterruptedException {
      while (!stdout.toString().contains(text)) {
        JsonNode m = next();
        assertThat(m.path("type").asText()).as(m.toString()).isIn("started", "stdout", "stderr");
        if (m.path("type").asText().equals("stdout")) {
          stdout.append(m.path("data").asText());
        }
      }
    }

    int closeCode() throws Exception {
      return closed.get(30, TimeUnit.SECONDS);
    }
  }

  private static Map<String, Object> start(Map<String, Object> run) {
    return Map.of("type", "start", "run", run);
  }

  @Test
  void anInteractiveProgramIsAnsweredLineByLineOverTheWebSocket() throws Exception {
    try (ServiceFixture service = new ServiceFixture()) {
      Client c = Client.connect(service, "");
      c.send(
          start(
              Map.of(
                  "image",
                  "python",
                  "files",
                  Map.of("guess.py", GUESS),
                  "command",
                  "python3 guess.py")));
      assertThat(c.next().path("type").asText()).isEqualTo("started");
      StringBuilder out = new StringBuilder();
      c.awaitStdout(out, "Guess the number\n");
      c.send(Map.of("type", "stdin", "data", "3\n"));
      c.awaitStdout(out, "higher\n");
      c.send(Map.of("type", "stdin", "data", "9\n"));
      c.awaitStdout(out, "lower\n");
      c.send(Map.of("type", "stdin", "data", "7\n"));
      JsonNode result = c.until("result", out).path("result");

      assertThat(out.toString()).isEqualTo("Guess the number\nhigher\nlower\nright\n");
      assertThat(result.path("exit_status").asInt()).isZero();
      assertThat(result.at("/stdout/content").asText()).isEqualTo(out.toString());
      assertThat(result.path("timed_out").asBoolean()).isFalse();
      assertThat(c.closeCode()).isEqualTo(1000);
      service.awaitOnlyWarmContainers(Duration.ofSeconds(20));
    }
  }

  @Test
  void progressArrivesBeforeTheRunEndsAndAFloodIsCutAtTheCap() throws Exception {
    try (ServiceFixture service = new ServiceFixture()) {
      Client c = Client.connect(service, "");
      c.send(
          start(
              Map.of(
                  "image",
                  "python",
                  "command",
                  "for i in 1 2 3; do echo step $i; sleep 0.5; done; yes flood | head -c 3000000")));
      StringBuilder out = new StringBuilder();
      c.awaitStdout(out, "step 1\n");
      long first;
      synchronized (c.times) {
        first = c.times.get(c.times.size() - 1);
      }
      JsonNode cut = c.until("cut", out);
      assertThat(cut.path("stream").asText()).isEqualTo("stdout");
      JsonNode result = c.until("result", out);
      long end;
      synchronized (c.times) {
        end = c.times.get(c.times.size() - 1);
      }

      assertThat(end - first)
          .as("step 1 came at least a second before the result")
          .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(900));
      assertThat(out.toString().getBytes(StandardCharsets.UTF_8)).hasSize(50 * 1024);
      assertThat(result.at("/result/stdout/truncated").asBoolean()).isTrue();
      assertThat(c.closeCode()).isEqualTo(1000);
    }
  }

  @Test
  void aClientThatVanishesMidRunLeavesNoContainer() throws Exception {
    try (ServiceFixture service = new ServiceFixture()) {
      Client c = Client.connect(service, "");
      c.send(start(Map.of("image", "python", "command", "echo waiting; sleep 60")));
      StringBuilder out = new StringBuilder();
      c.awaitStdout(out, "waiting\n");
      assertThat(service.runContainers()).hasSize(1);

      c.socket.abort();

      service.awaitOnlyWarmContainers(Duration.ofSeconds(15));
    }
  }

  @Test
  void signalsAndTheEndOfStdinReachTheProgram() throws Exception {
    try (ServiceFixture service = new ServiceFixture()) {
      Client cat = Client.connect(service, "");
      cat.send(start(Map.of("image", "python", "command", "cat; echo eof", "stdin", "first\n")));
      StringBuilder out = new StringBuilder();
      cat.awaitStdout(out, "first\n");
      cat.send(Map.of("type", "eof"));
      JsonNode r = cat.until("result", out).path("result");
      assertThat(r.at("/stdout/content").asText()).isEqualTo("first\neof\n");

      Client sleeper = Client.connect(service, "");
      sleeper.send(start(Map.of("image", "python", "command", "echo waiting; sleep 60")));
      StringBuilder out2 = new StringBuilder();
      sleeper.awaitStdout(out2, "waiting\n");
      sleeper.send(Map.of("type", "signal", "signal", "SIGKILL"));
      JsonNode killed = sleeper.until("result", out2).path("result");
      assertThat(killed.path("exit_status").asInt()).isEqualTo(137);
      assertThat(killed.path("timed_out").asBoolean()).isFalse();
    }
  }

  @Test
  void mistakesAreAnsweredWithAnErrorAndACloseCode() throws Exception {
    try (ServiceFixture service = new ServiceFixture()) {
      Client unknown = Client.connect(service, "");
      unknown.send(start(Map.of("image", "brainfuck", "command", "true")));
      JsonNode e = unknown.next();
      assertThat(e.path("type").asText()).isEqualTo("error");
      assertThat(e.path("status").asInt()).isEqualTo(404);
      assertThat(e.at("/problem/detail").asText()).contains("brainfuck");
      assertThat(unknown.closeCode()).isEqualTo(4404);

      Client early = Client.connect(service, "");
      early.send(Map.of("type", "stdin", "data", "x"));
      assertThat(early.next().path("status").asInt()).isEqualTo(400);
      assertThat(early.closeCode()).isEqualTo(4400);

      Client twice = Client.connect(service, "");
      twice.send(start(Map.of("image", "python", "command", "sleep 5")));
      twice.send(start(Map.of("image", "python", "command", "true")));
      StringBuilder ignored = new StringBuilder();
      assertThat(twice.until("error", ignored).path("status").asInt()).isEqualTo(409);
      assertThat(twice.closeCode()).isEqualTo(4409);

      Client badSignal = Client.connect(service, "");
      badSignal.send(start(Map.of("image", "python", "command", "sleep 5")));
      badSignal.send(Map.of("type", "signal", "signal", "SIGNOPE"));
      assertThat(badSignal.until("error", ignored).at("/problem/field").asText())
          .isEqualTo("signal");
      assertThat(badSignal.closeCode()).isEqualTo(4400);

      Client silent = Client.connect(service, "");
      JsonNode timedOut = silent.next();
      assertThat(timedOut.at("/problem/detail").asText()).contains("no start message");
      assertThat(silent.closeCode()).isEqualTo(4408);

      service.awaitOnlyWarmContainers(Duration.ofSeconds(15));
    }
  }

  @Test
  void anOpenStreamHoldsASandboxSoAFullServiceRefusesTheNextOne() throws Exception {
    try (ServiceFixture service =
        new ServiceFixture(Map.of("max_running", "1", "max_queued", "0"))) {
      Client first = Client.connect(service, "");
      first.send(start(Map.of("image", "python", "command", "echo busy; sleep 60")));
      StringBuilder out = new StringBuilder();
      first.awaitStdout(out, "busy\n");

      Client second = Client.connect(service, "");
      second.send(start(Map.of("image", "python", "command", "echo never")));
      JsonNode refused = second.next();
      assertThat(refused.path("type").asText()).isEqualTo("error");
      assertThat(refused.path("status").asInt()).isEqualTo(429);
      assertThat(refused.path("retry_after_s").asInt()).isPositive();
      assertThat(second.closeCode()).isEqualTo(4429);

      HttpResponse<String> sse =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(service.uri("/v1/runs"))
                      .header("Content-Type", "application/json")
                      .header("Accept", "text/event-stream")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"image\":\"python\",\"command\":\"echo never\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(sse.statusCode()).isEqualTo(429);
      assertThat(sse.headers().firstValue("Retry-After")).isPresent();

      first.socket.abort();
      service.awaitOnlyWarmContainers(Duration.ofSeconds(15));
    }
  }

  @Test
  void withTokensTheUpgradeNeedsOneInTheHeaderOrTheQuery() throws Exception {
    try (ServiceFixture service = new ServiceFixture(Map.of("tokens", "sesame"))) {
      assertThatThrownBy(() -> Client.connect(service, ""))
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              WebSocketHandshakeException.class,
              h -> assertThat(h.getResponse().statusCode()).isEqualTo(401));

      Client c = Client.connect(service, "?access_token=sesame");
      c.send(start(Map.of("image", "python", "command", "echo hi")));
      StringBuilder out = new StringBuilder();
      assertThat(c.until("result", out).at("/result/stdout/content").asText()).isEqualTo("hi\n");
    }
  }

  @Test
  void postWithAcceptEventStreamStreamsTheRunAsServerSentEvents() throws Exception {
    try (ServiceFixture service = new ServiceFixture()) {
      HttpClient http = HttpClient.newHttpClient();
      String body =
          JSON.writeValueAsString(
              Map.of("image", "python", "command", "echo one; sleep 1; echo two >&2; echo three"));
      HttpResponse<InputStream> r =
          http.send(
              HttpRequest.newBuilder(service.uri("/v1/runs"))
                  .header("Content-Type", "application/json")
                  .header("Accept", "text/event-stream")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      List<String> events = new ArrayList<>();
      List<Long> times = new ArrayList<>();
      JsonNode result = null;
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String event = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.startsWith("event: ")) {
            event = line.substring("event: ".length());
          } else if (line.startsWith("data: ")) {
            JsonNode data = JSON.readTree(line.substring("data: ".length()));
            assertThat(data.path("type").asText()).isEqualTo(event);
            events.add(event + (data.has("data") ? " " + data.path("data").asText() : ""));
            times.add(System.nanoTime());
            if (event.equals("result")) {
              result = data.path("result");
            }
          }
        }
      }

      // the engine keeps each stream's order, not the order between the two
      assertThat(events).hasSize(5).startsWith("started").endsWith("result");
      assertThat(events.subList(1, 4))
          .containsExactlyInAnyOrder("stdout one\n", "stderr two\n", "stdout three\n");
      assertThat(events.indexOf("stdout one\n")).isLessThan(events.indexOf("stdout three\n"));
      assertThat(times.get(4) - times.get(events.indexOf("stdout one\n")))
          .as("one came a second before the result")
          .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(900));
      assertThat(result.at("/stdout/content").asText()).isEqualTo("one\nthree\n");

      HttpResponse<String> refused =
          http.send(
              HttpRequest.newBuilder(service.uri("/v1/runs"))
                  .header("Content-Type", "application/json")
                  .header("Accept", "text/event-stream")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"image\":\"brainfuck\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(404);
      assertThat(refused.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
    }
  }

  @Test
  void anEventStreamWhoseClientGoesAwayHasItsRunStopped() throws Exception {
    try (ServiceFixture service = new ServiceFixture()) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<InputStream> r =
          http.send(
              HttpRequest.newBuilder(service.uri("/v1/runs"))
                  .header("Content-Type", "application/json")
                  .header("Accept", "text/event-stream")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"image\":\"python\",\"command\":\"echo waiting; sleep 60\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      BufferedReader in =
          new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.contains("waiting")) {
          break;
        }
      }
      assertThat(service.runContainers()).hasSize(1);

      in.close();
      http.close();

      service.awaitOnlyWarmContainers(Duration.ofSeconds(20));
    }
  }
}
