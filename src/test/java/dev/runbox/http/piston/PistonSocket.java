package dev.runbox.http.piston;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of {@code /api/v2/connect} with the JDK's WebSocket: what it received, each text message
 * and then its close as {@code "close <code> <reason>"}, waited for with a bound.
 */
final class PistonSocket implements WebSocket.Listener {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(60);

  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  final WebSocket ws;

  /** Connects, with {@code headers} as name, value pairs; fails as the handshake fails. */
  PistonSocket(HttpClient client, int port, String... headers) throws Exception {
    WebSocket.Builder b = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    ws =
        b.buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v2/connect"), this)
            .get(30, TimeUnit.SECONDS);
  }

  static Map<String, Object> init(String language, String program, Map<String, ?> extras) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("type", "init");
    m.put("language", language);
    m.put("version", "*");
    m.put("files", List.of(Map.of("content", program)));
    m.putAll(extras);
    return m;
  }

  void send(Object message) throws Exception {
    String text = message instanceof String s ? s : JSON.writeValueAsString(message);
    ws.sendText(text, true).get(30, TimeUnit.SECONDS);
  }

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

  /** Every message up to and including the close, waiting (bounded) for each. */
  List<String> untilClosed() throws InterruptedException {
    List<String> all = new ArrayList<>();
    String m;
    do {
      m = next();
      all.add(m);
    } while (!m.startsWith("close "));
    return all;
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

  /** Waits (bounded) for a message of this type. */
  JsonNode await(String type) throws Exception {
    while (true) {
      String m = next();
      assertThat(m).as("waiting for " + type).doesNotStartWith("close ");
      JsonNode j = JSON.readTree(m);
      if (type.equals(j.path("type").asText())) {
        return j;
      }
    }
  }
}
