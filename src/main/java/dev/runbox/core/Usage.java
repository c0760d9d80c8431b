package dev.runbox.core;

/**
 * What a run cost. A value of {@link #UNKNOWN} means it could not be measured (the container had to
 * be killed before its counters were read).
 */
public record Usage(long wallMs, long cpuMs, long memoryPeakBytes) {
  public static final long UNKNOWN = -1;

  public Usage {
    if (wallMs < 0 || cpuMs < UNKNOWN || memoryPeakBytes < UNKNOWN) {
      throw new IllegalArgumentException(
          "usage cannot be negative: " + wallMs + "/" + cpuMs + "/" + memoryPeakBytes);
    }
  }
}
