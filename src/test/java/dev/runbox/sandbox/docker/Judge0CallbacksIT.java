package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Judge0 callbacks on the real engine: a submission with a {@code callback_url} is PUT to a
 * loopback receiver (on the callback allow list) when it finishes, with Judge0's default fields in
 * Base64, through the jobs layer's delivery.
 */
@org.junit.jupiter.api.Timeout(value = 300, threadMode = ThreadMode.SEPARATE_THREAD)
class Judge0CallbacksIT {
  private static ServiceFixture service;
  private static HttpServer receiver;
  private static final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

  /** What the loopback receiver got. */
  record Received(String method, String path, String contentType, byte[] body) {}

  @BeforeAll
  static void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/",
        ex -> {
          received.add(
              new Received(
                  ex.getRequestMethod(),
                  ex.getRequestURI().toString(),
                  ex.getRequestHeaders().getFirst("Content-Type"),
                  ex.getRequestBody().readAllBytes()));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    receiver.start();
    service =
        new ServiceFixture(
            Map.of(
                "max_running",
                "2",
                "callback_secret",
                "it-judge0-callbacks",
                "callback_allow",
                "127.0.0.1:" + receiver.getAddress().getPort()));
  }

  @AfterAll
  static void stop() {
    service.close();
    receiver.stop(0);
  }

  private static String hook(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static String decoded(JsonNode base64) {
    return new String(Base64.getMimeDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
  }

  @Test
  void aFinishedSubmissionIsPutToItsCallbackAsJudge0SendsIt() throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("source_code", "print('called back')");
    body.put("language_id", 71);
    body.put("callback_url", hook("/judge0?case=accepted"));
    ServiceFixture.Response created = service.post("/submissions", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String token = created.json().get("token").asText();

    Received r = received.poll(120, TimeUnit.SECONDS);

    assertThat(r).as("a callback within 120 s").isNotNull();
    assertThat(r.method()).isEqualTo("PUT");
    assertThat(r.path()).isEqualTo("/judge0?case=accepted");
    assertThat(r.contentType()).isEqualTo("application/json");
    JsonNode sent = new ObjectMapper().readTree(r.body());
    assertThat(names(sent))
        .containsExactly(
            "stdout", "time", "memory", "stderr", "token", "compile_output", "message", "status");
    assertThat(sent.get("token").asText()).isEqualTo(token);
    assertThat(sent.get("stdout").asText()).isEqualTo("Y2FsbGVkIGJhY2sK\n");
    assertThat(decoded(sent.get("stdout"))).isEqualTo("called back\n");
    assertThat(sent.get("status").toString()).isEqualTo("{\"id\":3,\"description\":\"Accepted\"}");
    assertThat(sent.get("time").isTextual()).isTrue();
    assertThat(sent.get("memory").isInt()).isTrue();
    JsonNode shown = service.get("/submissions/" + token + "?fields=callback_url").json();
    assertThat(shown.get("callback_url").asText()).isEqualTo(hook("/judge0?case=accepted"));
  }

  @Test
  void aCallbackToAPrivateAddressIsRefusedWithJudge0s422() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("source_code", "print(1)");
    body.put("language_id", 71);
    body.put("callback_url", "http://10.1.2.3/hook");

    ServiceFixture.Response r = service.post("/submissions", body);

    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(names(r.json())).containsExactly("callback_url");
    assertThat(service.get("/config_info").json().get("enable_callbacks").asBoolean()).isTrue();
  }
}
