package dev.runbox.core.judge;

import java.util.Locale;

/** Which time limit a {@link Verdict#TIME_LIMIT} test went over. */
public enum TimeLimit {
  /** Wall-clock time: a timer stopped the program. */
  WALL,
  /** CPU time: the program used more than its {@code cpu_time_s}. */
  CPU;

  /** The name the APIs use: {@code wall} or {@code cpu}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
