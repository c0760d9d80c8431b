package dev.runbox.http.piston;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.FakeSandbox;
import dev.runbox.http.CompatServer;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * {@code /api/v2/connect} over the real HTTP server and a fake sandbox: the messages of a job, the
 * exit of a signalled program, capacity, and a client that goes away. The real engine's side is in
 * PistonConnectIT and e2e/connect.test.mjs.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class PistonConnectTest {
  private final FakeSandbox sandbox = new FakeSandbox();
  private final HttpClient client = HttpClient.newHttpClient();
  private CompatServer http;

  @AfterEach
  void stop() {
    client.close();
    if (http != null) {
      http.close();
    }
  }

  private CompatServer serve(Map<String, String> flags) {
    http = new CompatServer(sandbox, flags);
    return http;
  }

  private static JsonNode json(String text) throws Exception {
    return PistonSocket.JSON.readTree(text);
  }

  @Test
  void aJobSendsItsRuntimeStageOutputAndExitThenClosesWith4999() throws Exception {
    sandbox.answer(FakeSandbox.result(0, "hello\n", "warn\n"));
    PistonSocket socket = new PistonSocket(client, serve(Map.of()).port());
    socket.send(PistonSocket.init("py", "print('hello')", Map.of("stdin", "ignored")));

    List<String> all = socket.untilClosed();

    assertThat(all)
        .containsExactly(
            "{\"type\":\"runtime\",\"language\":\"python\",\"version\":\"3.13\"}",
            "{\"type\":\"stage\",\"stage\":\"run\"}",
            "{\"type\":\"data\",\"stream\":\"stdout\",\"data\":\"hello\\n\"}",
            "{\"type\":\"data\",\"stream\":\"stderr\",\"data\":\"warn\\n\"}",
            "{\"type\":\"exit\",\"stage\":\"run\",\"code\":0,\"signal\":null}",
            "close 4999 Job Completed");
    assertThat(sandbox.lastJob().stdin()).as("init's stdin is discarded").isEmpty();
  }

  @Test
  void aProgramKilledByASignalExitsWithNoCodeAndTheSignalsName() throws Exception {
    sandbox.answer(FakeSandbox.result(137, "", ""));
    PistonSocket socket = new PistonSocket(client, serve(Map.of()).port());
    socket.send(PistonSocket.init("py", "x", Map.of()));

    JsonNode exit = socket.await("exit");

    assertThat(exit.get("code").isNull()).as(exit.toString()).isTrue();
    assertThat(exit.get("signal").asText()).isEqualTo("SIGKILL");
    assertThat(socket.untilClosed()).containsExactly("close 4999 Job Completed");
  }

  @Test
  void aFullServiceAnswersAnErrorAndCloses4002() throws Exception {
    sandbox.blockUntilReleased(1);
    CompatServer server = serve(Map.of("max_running", "1", "max_queued", "0"));
    PistonSocket first = new PistonSocket(client, server.port());
    first.send(PistonSocket.init("py", "x", Map.of()));
    sandbox.awaitEntered();

    PistonSocket second = new PistonSocket(client, server.port());
    second.send(PistonSocket.init("py", "x", Map.of()));
    List<String> all = second.untilClosed();

    assertThat(all).hasSize(4).last().isEqualTo("close 4002 Notified Error");
    JsonNode error = json(all.get(2));
    assertThat(error.get("type").asText()).as(all.toString()).isEqualTo("error");
    assertThat(error.get("message").asText()).contains("retry later");
    sandbox.release();
    assertThat(first.untilClosed()).last().isEqualTo("close 4999 Job Completed");
  }

  @Test
  void aClientThatGoesAwayMidRunHasItsRunCancelled() throws Exception {
    sandbox.blockUntilReleased(1);
    PistonSocket socket = new PistonSocket(client, serve(Map.of()).port());
    socket.send(PistonSocket.init("py", "x", Map.of()));
    sandbox.awaitEntered();
    String runId = sandbox.lastJob().runId();

    socket.ws.abort();

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!sandbox.cancelled().contains(runId) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    assertThat(sandbox.cancelled()).containsExactly(runId);
  }

  @Test
  void anUnknownRuntimeIsAnErrorThen4002() throws Exception {
    PistonSocket socket = new PistonSocket(client, serve(Map.of()).port());
    socket.send(PistonSocket.init("cobol-on-mars", "x", Map.of()));

    List<String> all = socket.untilClosed();

    assertThat(all).hasSize(2);
    assertThat(json(all.get(0)).get("message").asText()).contains("runtime is unknown");
    assertThat(all.get(1)).isEqualTo("close 4002 Notified Error");
    assertThat(sandbox.jobs()).isEmpty();
  }
}
