package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.Limits;
import dev.runbox.core.SandboxResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContainmentIT {
  private final DockerFixture docker = new DockerFixture();

  @AfterEach
  void nothingIsLeft() {
    docker.close();
  }

  @Test
  void aForkBombIsContainedByThePidsLimitAndTheNextRunWorks() {
    Limits limits = new Limits(3, 128, 1.0, 64, 16, 50, 256);
    // The shell's only fork comes first, before the bomb exists; then it spins without forking,
    // so only the time limit can end the run (a fork of its own refused by a full pids cgroup
    // would end it early, by chance).
    SandboxResult bomb =
        docker.run("(bomb() { bomb | bomb & }; bomb) & while :; do :; done", limits);

    assertThat(bomb.timedOut())
        .as("exit %d, stderr %s", bomb.exitStatus(), bomb.stderr().text())
        .isTrue();
    SandboxResult next = docker.run("echo fine");
    assertThat(next.stdout().text()).isEqualTo("fine\n");
    assertThat(next.exitStatus()).isZero();
  }

  @Test
  void theCpuQuotaHoldsForABusyLoopOnEveryCore() {
    Limits halfACore = new Limits(3, 128, 0.5, 64, 16, 50, 256);
    SandboxResult r =
        docker.run("for i in 1 2 3 4; do (while :; do :; done) & done; wait", halfACore);

    assertThat(r.timedOut()).isTrue();
    double quotaMs = 0.5 * r.usage().wallMs();
    assertThat(r.usage().cpuMs())
        .as("CPU time of four busy loops under a 0.5 core quota in %d ms", r.usage().wallMs())
        .isLessThan((long) (quotaMs * 1.3) + 300)
        .isGreaterThan(
            (long) (quotaMs * 0.2)); // a loaded host may give the loops less than the quota
  }

  @Test
  void aDaemonThatOutlivesTheCommandDoesNotKeepTheRunOpen() {
    long t0 = System.nanoTime();
    SandboxResult r =
        docker.run(
            "(setsid sh -c 'sleep 100' &) ; nohup sleep 100 >/dev/null 2>&1 & echo main-done");
    long ms = (System.nanoTime() - t0) / 1_000_000;

    assertThat(r.stdout().text()).isEqualTo("main-done\n");
    assertThat(r.timedOut()).isFalse();
    assertThat(ms).isLessThan(8000);
  }

  @Test
  void invalidUtf8IsReturnedSafelyAndFlagged() {
    SandboxResult r = docker.run("printf 'ok \\377\\376 \\033[31mred\\n'");

    assertThat(r.stdout().isUtf8()).isFalse();
    assertThat(r.stdout().text()).contains("ok \uFFFD\uFFFD");
    assertThat(r.stdout().bytes()).hasSize(15);
  }

  @Test
  void stdinIsPassedAndEndsWithEndOfFile() {
    var job = docker.job("wc -c; cat", DockerFixture.LIMITS);
    var withStdin =
        new dev.runbox.core.SandboxJob(
            job.runId(),
            job.imageRef(),
            job.files(),
            job.command(),
            "hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            job.limits());

    SandboxResult r = docker.sandbox.run(withStdin);

    assertThat(r.stdout().text()).isEqualTo("6\n");
    assertThat(r.timedOut()).isFalse();
  }

  @Test
  void aProgramThatNeverReadsItsStdinWhileFloodingStdoutDoesNotDeadlock() {
    var job = docker.job("head -c 5000000 /dev/zero", DockerFixture.LIMITS);
    var withStdin =
        new dev.runbox.core.SandboxJob(
            job.runId(),
            job.imageRef(),
            job.files(),
            job.command(),
            new byte[2_000_000],
            job.limits());

    SandboxResult r = docker.sandbox.run(withStdin);

    assertThat(r.timedOut()).isFalse();
    assertThat(r.stdout().truncated()).isTrue();
    assertThat(r.exitStatus()).isZero();
  }
}
