package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.Limits;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.Timeout;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The design notes' two experiments, and the attack they feared. */
class TimeoutIT {
  private static final Limits TWO_SECONDS = new Limits(2, 128, 1.0, 64, 16, 50, 256);

  @Test
  void theInnerTimerFiresFirstWhenItIsShorterGivingExit124() {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(5), Duration.ZERO)) {
      long t0 = System.nanoTime();
      SandboxResult r = docker.run("echo started; sleep 30", TWO_SECONDS);
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertThat(r.timeout()).isEqualTo(Timeout.INNER);
      assertThat(r.timedOut()).isTrue();
      assertThat(r.exitStatus()).isEqualTo(124);
      assertThat(r.stdout().text()).isEqualTo("started\n");
      assertThat(ms)
          .as("ended by the inner timer, well before the outer one")
          .isLessThan(2000 + 5000);
    }
  }

  @Test
  void theOuterDeadlineKillsTheContainerWhenTheInnerTimerIsLongerGivingExit137() {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(1), Duration.ofSeconds(60))) {
      SandboxResult r = docker.run("echo started; sleep 30", TWO_SECONDS);

      assertThat(r.timeout()).isEqualTo(Timeout.OUTER);
      assertThat(r.timedOut()).isTrue();
      assertThat(r.exitStatus()).isEqualTo(137);
      assertThat(r.stdout().text()).isEqualTo("started\n");
    }
  }

  @Test
  void aProgramThatKillsItsOwnInnerTimerAndLoopsIsStillStoppedAndReportedAsTimedOut() {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO)) {
      long t0 = System.nanoTime();
      SandboxResult r =
          docker.run(
              "echo defeating; kill -9 -1; while :; do :; done",
              new Limits(5, 128, 1.0, 64, 16, 50, 256));
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertThat(r.timedOut()).isTrue();
      assertThat(r.timeout()).isEqualTo(Timeout.OUTER);
      assertThat(r.exitStatus()).isEqualTo(137);
      assertThat(r.stdout().text()).isEqualTo("defeating\n");
      assertThat(ms).as("limit plus grace plus container set-up").isLessThan(5000 + 2000 + 10_000);
    }
  }

  @Test
  void aProgramIgnoringSigtermIsKilledByTheInnerTimersKillAfter() {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(5), Duration.ZERO)) {
      SandboxResult r = docker.run("trap '' TERM; while :; do :; done", TWO_SECONDS);

      assertThat(r.timedOut()).isTrue();
      assertThat(r.exitStatus()).isIn(124, 137);
    }
  }

  @Test
  void aProgramThatExits124ByItselfIsNotATimeout() {
    try (DockerFixture docker = new DockerFixture()) {
      SandboxResult r = docker.run("exit 124", TWO_SECONDS);

      assertThat(r.timedOut()).isFalse();
      assertThat(r.exitStatus()).isEqualTo(124);
    }
  }
}
