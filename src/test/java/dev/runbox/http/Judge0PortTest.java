package dev.runbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.FakeSandbox;
import dev.runbox.http.judge0.Judge0Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * {@code judge0_port}: the service started with it answers Judge0's routes on that port too, with
 * the same authentication and CORS, and nothing else there.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class Judge0PortTest {
  /** A port free a moment ago, for a key where 0 means none rather than any. */
  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TestServer.Response get(TestServer server, int port, String path, String... h) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < h.length; i += 2) {
      b.header(h[i], h[i + 1]);
    }
    return server.send(b.GET().build());
  }

  @Test
  void servesJudge0sRoutesOnBothPortsAndOnlyThoseOnTheJudge0Port() {
    int judge0 = freePort();
    try (TestServer server =
        new TestServer(new FakeSandbox(), Map.of("judge0_port", Integer.toString(judge0)))) {
      int main = server.runbox.port();
      assertThat(server.server.judge0Port()).hasValue(judge0);
      assertThat(main).isNotEqualTo(judge0);

      TestServer.Response onMain = get(server, main, "/languages", "Origin", "https://ide.test");
      TestServer.Response onJudge0 =
          get(server, judge0, "/languages", "Origin", "https://ide.test");

      assertThat(onMain.status()).as(onMain.body()).isEqualTo(200);
      assertThat(onJudge0.status()).as(onJudge0.body()).isEqualTo(200);
      assertThat(onJudge0.json()).isEqualTo(onMain.json());
      assertThat(onJudge0.json().toString()).contains("\"id\":71");
      assertThat(onJudge0.header("Access-Control-Allow-Origin"))
          .isEqualTo(onMain.header("Access-Control-Allow-Origin"))
          .isEqualTo("*");
      assertThat(get(server, judge0, "/languages/71").status()).isEqualTo(200);
      assertThat(get(server, judge0, "/statuses").status()).isEqualTo(200);
      for (String other : new String[] {"/v1/images", "/health/live", "/api/v2/runtimes", "/"}) {
        assertThat(get(server, main, other).status()).as(other).isEqualTo(200);
        assertThat(get(server, judge0, other).status()).as(other).isEqualTo(404);
      }
    }
  }

  @Test
  void theJudge0PortRefusesRunboxsWebSocketToo() throws Exception {
    int judge0 = freePort();
    try (TestServer server =
        new TestServer(new FakeSandbox(), Map.of("judge0_port", Integer.toString(judge0)))) {
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      java.net.http.WebSocket.Listener quiet = new java.net.http.WebSocket.Listener() {};

      java.net.http.WebSocket onMain =
          client
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + server.runbox.port() + "/v1/runs/connect"), quiet)
              .get(30, java.util.concurrent.TimeUnit.SECONDS);
      onMain.abort();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  client
                      .newWebSocketBuilder()
                      .buildAsync(
                          URI.create("ws://127.0.0.1:" + judge0 + "/v1/runs/connect"), quiet)
                      .get(30, java.util.concurrent.TimeUnit.SECONDS))
          .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class)
          .cause()
          .satisfies(
              e ->
                  assertThat(
                          ((java.net.http.WebSocketHandshakeException) e)
                              .getResponse()
                              .statusCode())
                      .isEqualTo(404));
    }
  }

  @Test
  void theJudge0PortNeedsTheSameTokens() {
    int judge0 = freePort();
    try (TestServer server =
        new TestServer(
            new FakeSandbox(),
            Map.of("judge0_port", Integer.toString(judge0), "tokens", "s3cret"))) {
      assertThat(get(server, judge0, "/languages").status()).isEqualTo(401);
      assertThat(get(server, judge0, "/languages", "X-Auth-Token", "s3cret").status())
          .isEqualTo(200);
      assertThat(get(server, judge0, "/v1/images", "Authorization", "Bearer s3cret").status())
          .isEqualTo(404);
    }
  }

  @Test
  void withoutAJudge0PortThereIsNone() {
    try (TestServer server = new TestServer(new FakeSandbox())) {
      assertThat(server.server.judge0Port()).isEmpty();
    }
  }

  @Test
  void knowsJudge0sPaths() {
    assertThat(Judge0Api.serves("/languages")).isTrue();
    assertThat(Judge0Api.serves("/languages/71")).isTrue();
    assertThat(Judge0Api.serves("/submissions/batch")).isTrue();
    assertThat(Judge0Api.serves("/submissions")).isTrue();
    assertThat(Judge0Api.serves("/about")).isTrue();
    assertThat(Judge0Api.serves("/aboutx")).isFalse();
    assertThat(Judge0Api.serves("/languagesx")).isFalse();
    assertThat(Judge0Api.serves("/v1/runs")).isFalse();
    assertThat(Judge0Api.serves("/")).isFalse();
  }
}
