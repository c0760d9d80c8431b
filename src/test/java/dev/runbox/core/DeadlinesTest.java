package dev.runbox.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
  private static final Duration GRACE = Duration.ofSeconds(5);
  private final Deadlines deadlines = new Deadlines(TEN_SECONDS, GRACE, Duration.ZERO);

  @Test
  void theInnerTimerIsTheLimitPlusTheInnerAllowance() {
    assertThat(deadlines.inner()).isEqualTo(TEN_SECONDS);
    assertThat(new Deadlines(TEN_SECONDS, GRACE, Duration.ofSeconds(60)).inner())
        .isEqualTo(Duration.ofSeconds(70));
  }

  @Test
  void theInnerTimerKillsOneSecondAfterItsTerm() {
    assertThat(deadlines.killAfter())
        .isEqualTo(Duration.ofSeconds(1))
        .isEqualTo(Deadlines.KILL_AFTER);
  }

  @Test
  void theOuterDeadlineLeavesTheInnerTimerItsKillAfterAndTheGrace() {
    assertThat(deadlines.outer()).isEqualTo(Duration.ofSeconds(10 + 1 + 5));
    assertThat(deadlines.outer()).isGreaterThan(deadlines.inner().plus(deadlines.killAfter()));
  }

  @Test
  void aColdContainersLabelOutlivesTheOuterDeadlineByTheSetUpAllowance() {
    assertThat(deadlines.coldLabel()).isEqualTo(Duration.ofSeconds(16 + 60));
  }

  @Test
  void theEngineStreamOutlastsTheLongestRunByAMinute() {
    assertThat(deadlines.engineReadTimeout()).isEqualTo(Duration.ofSeconds(16 + 60));
  }

  @Test
  void aWarmContainersLabelCoversItsIdleTimeItsRunAndTwoMinutes() {
    assertThat(deadlines.warmLabel(Duration.ofMinutes(5)))
        .isEqualTo(Duration.ofSeconds(300 + 16 + 120));
  }

  @Test
  void theHttpDrainCoversTheQueueTheLongestRunAndHalfAMinute() {
    assertThat(deadlines.httpDrain(Duration.ofSeconds(30)))
        .isEqualTo(Duration.ofSeconds(30 + 16 + 30));
  }

  @Test
  void refusesANonPositiveLimitOrGraceAndANegativeAllowance() {
    assertThatThrownBy(() -> new Deadlines(Duration.ZERO, GRACE, Duration.ZERO))
        .hasMessageContaining("time limit");
    assertThatThrownBy(() -> new Deadlines(TEN_SECONDS, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("grace");
    assertThatThrownBy(() -> new Deadlines(TEN_SECONDS, GRACE, Duration.ofSeconds(-1)))
        .hasMessageContaining("allowance");
  }
}
