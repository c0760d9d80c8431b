package dev.runbox.sandbox.docker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many warm containers one image should have now: enough to cover the runs that arrive while a
 * refill is made (the recent arrival rate times the time a refill takes, plus one), between the
 * image's minimum and maximum; its minimum after a quiet spell. Arrivals are counted over the last
 * {@link #WINDOW}, at most {@link #MAX_ARRIVALS} of them.
 */
final class Demand {
  static final Duration WINDOW = Duration.ofSeconds(30);
  static final int MAX_ARRIVALS = 4096;

  /** What a refill is assumed to take before one was measured. */
  static final Duration FIRST_REFILL = Duration.ofSeconds(1);

  private final Clock clock;
  private final Deque<Instant> arrivals = new ArrayDeque<>();
  private double refillMs = FIRST_REFILL.toMillis();

  Demand(Clock clock) {
    this.clock = clock;
  }

  /** A run asked for a warm container of this image. */
  synchronized void arrived() {
    arrivals.addLast(clock.instant());
    if (arrivals.size() > MAX_ARRIVALS) {
      arrivals.removeFirst();
    }
  }

  /**
   * A refill took this long (create, start, wrapper waiting): an average weighted to the latest.
   */
  synchronized void refilled(Duration took) {
    refillMs = 0.7 * refillMs + 0.3 * Math.max(1, took.toMillis());
  }

  /** The number to keep warm now, within [min, max]. */
  synchronized int target(int min, int max) {
    Instant since = clock.instant().minus(WINDOW);
    while (!arrivals.isEmpty() && arrivals.peekFirst().isBefore(since)) {
      arrivals.removeFirst();
    }
    if (arrivals.isEmpty()) {
      return min;
    }
    double perMs = arrivals.size() / (double) WINDOW.toMillis();
    long wanted = (long) Math.ceil(perMs * refillMs) + 1;
    return (int) Math.max(min, Math.min(max, wanted));
  }
}
