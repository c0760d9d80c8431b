package dev.runbox.http.piston;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.runbox.sandbox.docker.ServiceFixture;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Piston's {@code /api/v2/connect} against the real service and engine, with the JDK's WebSocket
 * client: a client that vanishes mid-run leaves no container, and tokens guard the upgrade.
 */
@org.junit.jupiter.api.Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
class PistonConnectIT {
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

  @Test
  void aClientThatVanishesMidRunLeavesNoContainerOfItsRun() throws Exception {
    ServiceFixture service = service(Map.of());
    PistonSocket socket = new PistonSocket(client, service.port());
    socket.send(
        PistonSocket.init(
            "python",
            "import os\nprint('sleeping', flush=True)\nos.execvp('sleep', ['sleep', '30'])\n",
            Map.of("run_timeout", 60_000)));
    socket.awaitStdout("sleeping");
    List<String> running = service.runIds();
    assertThat(running).as("the run's container while it sleeps").hasSize(1);
    String runId = running.get(0);

    long vanished = System.nanoTime();
    socket.ws.abort();

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

    for (String[] headers :
        List.of(new String[0], new String[] {"Authorization", "Bearer not-the-token"})) {
      Throwable refused = catchThrowable(() -> new PistonSocket(client, service.port(), headers));
      assertThat(refused).isInstanceOf(ExecutionException.class);
      assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
      assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode())
          .isEqualTo(401);
    }

    PistonSocket socket =
        new PistonSocket(client, service.port(), "Authorization", "Bearer secret");
    socket.send(PistonSocket.init("python", "print('authorised')", Map.of()));
    socket.awaitStdout("authorised\n");
    List<String> rest = socket.untilClosed();
    assertThat(rest.getLast()).isEqualTo("close 4999 Job Completed");
  }
}
