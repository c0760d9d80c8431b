package dev.runbox.jobs.callback;

import java.time.Duration;
import java.util.Objects;

/**
 * When to try a callback again: the delay doubles from {@code initial} after each failed attempt,
 * never beyond {@code max}, and there are at most {@code maxAttempts} attempts in all.
 *
 * @param initial the delay after the first failed attempt; positive
 * @param max the longest delay; at least {@code initial}
 * @param maxAttempts how many attempts in all, the first included; at least 1
 */
public record Backoff(Duration initial, Duration max, int maxAttempts) {
  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("the initial delay must be positive, not " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "the longest delay (" + max + ") must be at least the initial delay (" + initial + ")");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("at least 1 attempt, not " + maxAttempts);
    }
  }

  /** 1 s doubling up to 10 min, 10 attempts (about 15 minutes from the first to the last). */
  public static Backoff defaults() {
    return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10), 10);
  }

  /**
   * The delay before the next attempt once attempt number {@code attempt} (1 for the first) has
   * failed: {@code initial * 2^(attempt-1)}, at most {@code max}.
   */
  public Duration nextDelay(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts are numbered from 1, not " + attempt);
    }
    Duration delay = initial;
    for (int i = 1; i < attempt && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) < 0 ? delay : max;
  }

  /** True when no attempt may follow attempt number {@code attempt} (1 for the first). */
  public boolean exhausted(int attempt) {
    return attempt >= maxAttempts;
  }
}
