package dev.runbox.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.FakeSandbox;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class LifecycleTest {
  private static final String RUN = "{\"image\": \"tiny\"}";

  private final FakeSandbox sandbox = new FakeSandbox();
  private final TestServer http = new TestServer(sandbox);

  @AfterEach
  void stop() {
    http.close();
  }

  @Test
  void bindsAnEphemeralPortWhenConfiguredWithZero() {
    assertThat(http.config.server().port()).isZero();
    assertThat(http.server.port()).isPositive();
  }

  @Test
  void stopRefusesNewConnectionsButLetsARunningRequestFinish() throws Exception {
    sandbox.blockUntilReleased(1);
    CompletableFuture<HttpResponse<String>> running =
        http.client.sendAsync(
            http.request("/v1/runs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RUN))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    sandbox.awaitEntered();
    int port = http.server.port();

    Thread stopping = Thread.ofVirtual().start(http.server::stop);
    awaitRefused(port);
    sandbox.release();

    assertThat(running.get().statusCode()).isEqualTo(200);
    assertThat(running.get().body()).contains("\"outcome\"");
    stopping.join();
    assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 1000))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aRunLongerThanTheIdleTimeoutStillGetsItsAnswer() {
    try (TestServer shortIdle =
        new TestServer(
            new FakeSandbox().takes(Duration.ofMillis(1500)), Map.of(), Duration.ofMillis(200))) {
      TestServer.Response r = shortIdle.run(RUN);

      assertThat(r.status()).isEqualTo(200);
    }
  }

  @Test
  void aClientThatHangsUpDoesNotInterruptItsRun() throws Exception {
    sandbox.blockUntilReleased(1);
    byte[] body = RUN.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", http.server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/runs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      sandbox.awaitEntered();
    }

    sandbox.release();

    sandbox.awaitFinished(1);
    assertThat(sandbox.interrupted()).isZero();
    assertThat(http.get("/health/live").status()).isEqualTo(200);
  }

  /** Polls until the listening socket is closed; stop() closes it before waiting for requests. */
  private static void awaitRefused(int port) {
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      } catch (ConnectException refused) {
        return;
      } catch (java.net.SocketException | java.net.SocketTimeoutException closing) {
        return; // the connector closing under the connect: reset or never answered, not accepted
      } catch (IOException other) {
        throw new AssertionError("unexpected " + other, other);
      }
      Thread.onSpinWait();
    }
  }
}
