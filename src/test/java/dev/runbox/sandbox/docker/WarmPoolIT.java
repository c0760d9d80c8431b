package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.Limits;
import dev.runbox.core.SandboxResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class WarmPoolIT {
  @Test
  void warmContainersCarryTheRunboxLabelsAndEveryDefence() throws Exception {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO, 2)) {
      assertThat(docker.awaitWarm(DockerFixture.TINY, 2, Duration.ofSeconds(60))).isTrue();
      var warm =
          docker
              .engine
              .control()
              .listContainersCmd()
              .withLabelFilter(Map.of(Labels.INSTANCE, docker.instanceId))
              .exec();
      assertThat(warm)
          .hasSize(2)
          .allSatisfy(
              c ->
                  assertThat(c.getLabels())
                      .containsKeys("runbox", Labels.DEADLINE, Labels.OWNER_PID));

      SandboxResult r =
          docker.run(
              "id -u; ls /sys/class/net; grep CapEff /proc/self/status; echo x > /x 2>&1 || echo ro");

      assertThat(r.stdout().text()).isEqualTo("10001\nlo\nCapEff:\t0000000000000000\nro\n");
    }
  }

  @Test
  void aFileOrProcessLeftByOneRunIsNotVisibleToTheNext() throws Exception {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO, 2)) {
      assertThat(docker.awaitWarm(DockerFixture.TINY, 2, Duration.ofSeconds(60))).isTrue();
      SandboxResult first =
          docker.run(
              "echo secret > /tmp/left; echo secret > left; (setsid sh -c 'sleep 1000' &); echo planted");
      assertThat(docker.awaitWarm(DockerFixture.TINY, 1, Duration.ofSeconds(60))).isTrue();

      SandboxResult next =
          docker.run(
              "cat /tmp/left left 2>&1; for d in /proc/[0-9]*; do tr '\\0' ' ' < $d/cmdline; echo; done");

      assertThat(first.stdout().text()).isEqualTo("planted\n");
      assertThat(next.stdout().text())
          .contains("No such file")
          .doesNotContain("secret", "sleep 1000");
    }
  }

  @Test
  void aRunWithOtherLimitsUsesAColdContainerWithItsOwnLimits() throws Exception {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO, 1)) {
      assertThat(docker.awaitWarm(DockerFixture.TINY, 1, Duration.ofSeconds(60))).isTrue();

      SandboxResult r =
          docker.run(
              "cat /sys/fs/cgroup/memory/memory.limit_in_bytes",
              new Limits(5, 96, 1.0, 64, 16, 50, 256));

      assertThat(r.stdout().text().strip()).isEqualTo(Long.toString(96L * 1024 * 1024));
      assertThat(docker.warmContainers()).isEqualTo(1);
    }
  }

  @Test
  void closingThePoolRemovesEveryWarmContainer() throws Exception {
    DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO, 3);
    assertThat(docker.awaitWarm(DockerFixture.TINY, 3, Duration.ofSeconds(60))).isTrue();
    docker.close(); // asserts that no container of this instance is left
  }

  @Test
  void aWarmContainerThatDiedIsNeverHandedToARun() throws Exception {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO, 2)) {
      assertThat(docker.awaitWarm(DockerFixture.TINY, 2, Duration.ofSeconds(60))).isTrue();
      killEveryContainerOf(docker);

      SandboxResult r = docker.run("echo ok");

      assertThat(r.exitStatus()).isZero();
      assertThat(r.stdout().text()).isEqualTo("ok\n");
    }
  }

  @Test
  void aPoolRoundRemovesWarmContainersThatDied() throws Exception {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO, 1)) {
      assertThat(docker.awaitWarm(DockerFixture.TINY, 1, Duration.ofSeconds(60))).isTrue();
      killEveryContainerOf(docker);

      docker.sandbox.pool().orElseThrow().removeDead();

      assertThat(docker.warmContainers()).isZero();
    }
  }

  /** As an engine restart does to every container: they stop, and the pool is not told. */
  private static void killEveryContainerOf(DockerFixture docker) {
    var ids =
        docker
            .engine
            .control()
            .listContainersCmd()
            .withLabelFilter(Map.of(Labels.INSTANCE, docker.instanceId))
            .exec();
    assertThat(ids).isNotEmpty();
    ids.forEach(c -> docker.engine.control().killContainerCmd(c.getId()).exec());
  }

  @Test
  void theEngineTellsThePoolOfADeathWithoutWaitingForARunOrARound() throws Exception {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO, 1)) {
      assertThat(docker.awaitWarm(DockerFixture.TINY, 1, Duration.ofSeconds(60))).isTrue();
      String first = docker.containerIds().getFirst();

      docker.engine.control().killContainerCmd(first).exec();

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (docker.containerIds().contains(first) && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
      assertThat(docker.containerIds())
          .as("the dead warm container is removed")
          .doesNotContain(first);
      assertThat(docker.awaitWarm(DockerFixture.TINY, 1, Duration.ofSeconds(60))).isTrue();
      assertThat(docker.run("echo ok").stdout().text()).isEqualTo("ok\n");
    }
  }
}
