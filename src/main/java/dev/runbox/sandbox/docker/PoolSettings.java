package dev.runbox.sandbox.docker;

import java.time.Duration;
import java.util.List;

/**
 * The warm pool: which images to keep warm, how long a warm container may stay idle, the longest
 * time limit a run may have (for the warm containers' label deadlines), and how many warm
 * containers may be made at once.
 *
 * @param entries images kept warm with their default limits (none, or maximum sizes of 0, disable
 *     the pool)
 */
public record PoolSettings(
    List<WarmPool.Entry> entries, Duration maxIdle, Duration longestLimit, int maxRefills) {
  /** Warm containers made at once when not told otherwise. */
  public static final int DEFAULT_REFILLS = 2;

  public PoolSettings(List<WarmPool.Entry> entries, Duration maxIdle, Duration longestLimit) {
    this(entries, maxIdle, longestLimit, DEFAULT_REFILLS);
  }

  public PoolSettings {
    entries = List.copyOf(entries);
    if (maxRefills < 1) {
      throw new IllegalArgumentException(
          "the pool's refills must be at least 1, got " + maxRefills);
    }
    if (maxIdle.isNegative()
        || maxIdle.isZero()
        || longestLimit.isNegative()
        || longestLimit.isZero()) {
      throw new IllegalArgumentException(
          "the pool's max idle and longest limit must be positive, got "
              + maxIdle
              + " and "
              + longestLimit);
    }
  }

  /** No warm pool: every run gets a cold container. */
  public static PoolSettings none() {
    return new PoolSettings(List.of(), Duration.ofMinutes(5), Duration.ofMinutes(1));
  }

  /** The most warm containers the pool may hold at once, over all its images. */
  public int maxWarm() {
    return entries.stream().mapToInt(WarmPool.Entry::max).sum();
  }

  public boolean enabled() {
    return entries.stream().anyMatch(e -> e.max() > 0);
  }
}
