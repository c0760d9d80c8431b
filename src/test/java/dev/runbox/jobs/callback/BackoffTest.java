package dev.runbox.jobs.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 5);

  @Test
  void theDelayDoublesFromTheInitialOneUpToTheCap() {
    assertThat(backoff.nextDelay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.nextDelay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.nextDelay(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.nextDelay(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(backoff.nextDelay(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.nextDelay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void attemptsRunOutAtTheBound() {
    assertThat(backoff.exhausted(1)).isFalse();
    assertThat(backoff.exhausted(4)).isFalse();
    assertThat(backoff.exhausted(5)).isTrue();
    assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1).exhausted(1)).isTrue();
  }

  @Test
  void badPoliciesAreRefusedNotClamped() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> backoff.nextDelay(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDefaultsAreSane() {
    Backoff defaults = Backoff.defaults();
    assertThat(defaults.nextDelay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.exhausted(defaults.maxAttempts())).isTrue();
  }
}
