package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults with the service as a separate process: killed mid-run, engine gone mid-run, engine absent
 * at start.
 */
@org.junit.jupiter.api.Timeout(value = 240, threadMode = ThreadMode.SEPARATE_THREAD)
class ServiceFaultsIT {
  private static final String SLEEPER =
      "{\"image\": \"tiny\", \"files\": {\"a.sh\": \"sleep 60\"}, \"command\": \"sleep 60\","
          + " \"limits\": {\"time_s\": 60}}";
  private static final String HELLO =
      "{\"image\": \"tiny\", \"files\": {\"hello.sh\": \"echo hello\"}}";

  @TempDir Path tmp;

  @Test
  void aServiceKilledWithSigkillDuringEightRunsLeavesNothingOnceRestarted() throws Exception {
    try (DockerFixture docker = new DockerFixture()) {
      long killedPid;
      try (ServiceProcess first = new ServiceProcess("pool_size=0", "max_running=8")) {
        killedPid = first.pid();
        for (int i = 0; i < 8; i++) {
          first.post(SLEEPER);
        }
        first.awaitLines(l -> l.contains("started in container"), 8, Duration.ofSeconds(90));
        first.kill();
      }
      assertThat(ownedBy(docker, killedPid)).as("the killed service's containers").hasSize(8);

      try (ServiceProcess second = new ServiceProcess("pool_size=0")) {
        assertThat(ownedBy(docker, killedPid))
            .as("left after the new instance's start-up reaping")
            .isEmpty();
        assertThat(second.post(HELLO).get(60, TimeUnit.SECONDS).body())
            .contains("\"stdout\":{\"content\":\"hello\\n\"");
      }
    }
  }

  @Test
  void whenTheEngineGoesAwayRunsAnswer503ReadyTurnsFalseAndTheServiceRecoversByItself()
      throws Exception {
    Path sock = tmp.resolve("engine.sock");
    try (DockerFixture docker = new DockerFixture();
        EngineProxy proxy = new EngineProxy(sock, Path.of("/var/run/docker.sock")).start();
        ServiceProcess service =
            new ServiceProcess(
                "pool_size=0",
                "reaper_interval_s=1",
                "docker_host=unix://" + sock,
                "instance_id=" + docker.instanceId)) {
      List<CompletableFuture<HttpResponse<String>>> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        runs.add(service.post(SLEEPER));
      }
      service.awaitLines(l -> l.contains("started in container"), 3, Duration.ofSeconds(90));

      long t0 = System.nanoTime();
      proxy.stop();
      for (CompletableFuture<HttpResponse<String>> run : runs) {
        HttpResponse<String> r = run.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
      }
      assertThat((System.nanoTime() - t0) / 1_000_000)
          .as("ms until every run answered")
          .isLessThan(15_000);
      HttpResponse<String> notReady = service.get("/health/ready");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("does not answer");
      assertThat(service.get("/health/live").statusCode()).isEqualTo(200);

      proxy.start();
      service.awaitLines(l -> l.contains("reaped container"), 3, Duration.ofSeconds(30));
      assertThat(service.get("/health/ready").statusCode()).isEqualTo(200);
      assertThat(service.post(HELLO).get(60, TimeUnit.SECONDS).body()).contains("hello");
    }
  }

  @Test
  void withTheEngineUnreachableAtStartUpTheServiceStartsAndSaysWhyItIsNotReady() throws Exception {
    Path missing = tmp.resolve("no-engine.sock");
    try (ServiceProcess service = new ServiceProcess("docker_host=unix://" + missing)) {
      assertThat(service.get("/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = service.get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("does not answer").contains(missing.toString());
      HttpResponse<String> run = service.post(HELLO).get(60, TimeUnit.SECONDS);
      assertThat(run.statusCode()).isEqualTo(503);
    }
    assertThat(Files.exists(missing)).isFalse();
  }

  private static List<Container> ownedBy(DockerFixture docker, long pid) {
    return docker
        .engine
        .control()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.OWNER_PID, Long.toString(pid)))
        .exec();
  }
}
