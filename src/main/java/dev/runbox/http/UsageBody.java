package dev.runbox.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.runbox.core.Usage;

/** What a run cost, as the APIs send it: null where it could not be measured. */
public record UsageBody(
    @JsonProperty("wall_ms") Long wallMs,
    @JsonProperty("cpu_ms") Long cpuMs,
    @JsonProperty("memory_peak_bytes") Long memoryPeakBytes) {

  public static UsageBody of(Usage u) {
    return new UsageBody(known(u.wallMs()), known(u.cpuMs()), known(u.memoryPeakBytes()));
  }

  /** The value, or null when it is {@link Usage#UNKNOWN}. */
  public static Long known(long v) {
    return v == Usage.UNKNOWN ? null : v;
  }
}
