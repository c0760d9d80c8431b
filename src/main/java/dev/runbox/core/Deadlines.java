package dev.runbox.core;

import java.time.Duration;

/**
 * Every deadline of a run with time limit {@code limit}, and of the service around its longest run,
 * derived in one place from the limit and the service's timers. Each margin has a name here and
 * nowhere else.
 *
 * @param limit the run's wall-clock time limit (for the service's own deadlines: the longest limit
 *     allowed)
 * @param outerGrace added on top of the inner timer for the service's own deadline
 * @param innerAllowance added to the limit for the timer inside the sandbox (0 in service; tests
 *     raise it)
 */
public record Deadlines(Duration limit, Duration outerGrace, Duration innerAllowance) {
  /** The inner timer's grace between its TERM and its KILL ({@code timeout -k 1}). */
  public static final Duration KILL_AFTER = Duration.ofSeconds(1);

  /**
   * Creating and starting a cold container, and unpacking its files, before the outer deadline
   * starts.
   */
  public static final Duration SETUP_ALLOWANCE = Duration.ofSeconds(60);

  /**
   * How much longer than the longest run an engine stream may stay quiet before the client gives
   * up.
   */
  public static final Duration STREAM_MARGIN = Duration.ofSeconds(60);

  /** A warm container's label deadline beyond its idle time and its run. */
  public static final Duration WARM_MARGIN = Duration.ofSeconds(120);

  /** How much longer than a queued longest run the HTTP server waits for requests when it stops. */
  public static final Duration DRAIN_MARGIN = Duration.ofSeconds(30);

  public Deadlines {
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("the time limit must be positive, got " + limit);
    }
    if (outerGrace.isNegative() || outerGrace.isZero()) {
      throw new IllegalArgumentException("the outer grace must be positive, got " + outerGrace);
    }
    if (innerAllowance.isNegative()) {
      throw new IllegalArgumentException(
          "the inner allowance must not be negative, got " + innerAllowance);
    }
  }

  /** The timer inside the sandbox: TERM when it fires, KILL {@link #KILL_AFTER} later. */
  public Duration inner() {
    return limit.plus(innerAllowance);
  }

  public Duration killAfter() {
    return KILL_AFTER;
  }

  /**
   * The service's own deadline, from the start of the run's exec. It starts before the files are
   * unpacked and must not race the inner timer, which may take the limit plus its kill-after: the
   * grace comes on top of both.
   */
  public Duration outer() {
    return limit.plus(KILL_AFTER).plus(outerGrace);
  }

  /** From its creation, when a cold container is an orphan for any reaper. */
  public Duration coldLabel() {
    return outer().plus(SETUP_ALLOWANCE);
  }

  /**
   * For the longest run: how long an engine stream may stay quiet (the stream client's read
   * timeout).
   */
  public Duration engineReadTimeout() {
    return outer().plus(STREAM_MARGIN);
  }

  /**
   * For the longest run: from its creation, when a warm container idle up to {@code maxIdle} is an
   * orphan.
   */
  public Duration warmLabel(Duration maxIdle) {
    return maxIdle.plus(outer()).plus(WARM_MARGIN);
  }

  /**
   * For the longest run: how long a stopping HTTP server waits for requests that may still queue
   * for {@code queueTimeout}.
   */
  public Duration httpDrain(Duration queueTimeout) {
    return queueTimeout.plus(outer()).plus(DRAIN_MARGIN);
  }
}
