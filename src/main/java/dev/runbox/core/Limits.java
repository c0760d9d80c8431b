package dev.runbox.core;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A complete set of limits for one run. Every value is validated; nothing is clamped.
 *
 * @param timeSeconds wall-clock seconds before the run is stopped
 * @param memoryMib memory in MiB (swap is set equal, so no swap)
 * @param cpus CPU quota in cores
 * @param pids most processes and threads at once
 * @param diskMib size of the writable /sandbox (and /tmp)
 * @param outputKib bytes kept per output stream, in KiB
 * @param openFiles open file descriptors per process
 */
public record Limits(
    int timeSeconds,
    int memoryMib,
    double cpus,
    int pids,
    int diskMib,
    int outputKib,
    int openFiles) {
  public Limits {
    check(Limit.TIME_S, timeSeconds);
    check(Limit.MEMORY_MIB, memoryMib);
    check(Limit.CPUS, cpus);
    check(Limit.PIDS, pids);
    check(Limit.DISK_MIB, diskMib);
    check(Limit.OUTPUT_KIB, outputKib);
    check(Limit.OPEN_FILES, openFiles);
  }

  private static void check(Limit limit, double value) {
    limit.checkValue(value, "limits." + limit.apiName());
  }

  public Duration time() {
    return Duration.ofSeconds(timeSeconds);
  }

  public long memoryBytes() {
    return memoryMib * 1024L * 1024L;
  }

  public long diskBytes() {
    return diskMib * 1024L * 1024L;
  }

  public int outputBytes() {
    return outputKib * 1024;
  }

  /**
   * These limits with the requested values put in place of the defaults, each checked against
   * {@code maximum}: a value above it is refused with a message naming the limit and the maximum.
   */
  public Limits override(Map<Limit, Double> requested, Limits maximum) {
    requested.forEach(
        (limit, value) ->
            limit
                .problemAbove(value, maximum)
                .ifPresent(
                    p -> {
                      throw new InvalidRequestException("limits." + limit.apiName(), p);
                    }));
    return with(requested);
  }

  /**
   * These limits with the given values put in place, built once: the constructor checks each value
   * against its limit's minimum; a whole-number limit refuses a fraction before that.
   */
  public Limits with(Map<Limit, Double> values) {
    return new Limits(
        whole(values, Limit.TIME_S, timeSeconds),
        whole(values, Limit.MEMORY_MIB, memoryMib),
        values.getOrDefault(Limit.CPUS, cpus),
        whole(values, Limit.PIDS, pids),
        whole(values, Limit.DISK_MIB, diskMib),
        whole(values, Limit.OUTPUT_KIB, outputKib),
        whole(values, Limit.OPEN_FILES, openFiles));
  }

  /**
   * The value sent for {@code limit} as an int, or {@code current}. A number an int cannot hold
   * exactly (a fraction, NaN, out of range) is refused here, naming the number as sent.
   */
  private static int whole(Map<Limit, Double> values, Limit limit, int current) {
    Double v = values.get(limit);
    if (v == null) {
      return current;
    }
    if (v != (int) v.doubleValue()) {
      limit.checkValue(v, "limits." + limit.apiName());
      throw new InvalidRequestException(
          "limits." + limit.apiName(), limit.apiName() + " " + Limit.format(v) + " is too large");
    }
    return (int) v.doubleValue();
  }

  /**
   * A limit above its maximum, and the reason, e.g. "memory_mib 8192 is above the maximum 4096".
   */
  public record Above(Limit limit, String reason) {}

  /** The first of these limits that is above {@code maximum}. */
  public Optional<Above> firstAbove(Limits maximum) {
    for (Limit limit : Limit.values()) {
      Optional<String> reason = limit.problemAbove(limit.valueIn(this).doubleValue(), maximum);
      if (reason.isPresent()) {
        return Optional.of(new Above(limit, reason.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * Throws when any of these limits is above {@code maximum}; used to validate the image catalog.
   */
  public void checkWithin(Limits maximum, String what) {
    firstAbove(maximum)
        .ifPresent(
            above -> {
              throw new IllegalArgumentException(what + ": " + above.reason());
            });
  }
}
