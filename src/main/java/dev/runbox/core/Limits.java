package dev.runbox.core;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

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
public record Limits(int timeSeconds, int memoryMib, double cpus, int pids, int diskMib, int outputKib, int openFiles) {
  public Limits {
    for (Map.Entry<Limit, Double> e : asMap(timeSeconds, memoryMib, cpus, pids, diskMib, outputKib, openFiles).entrySet()) {
      e.getKey().checkValue(e.getValue(), "limits." + e.getKey().apiName());
    }
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

  public Map<Limit, Double> asMap() {
    return asMap(timeSeconds, memoryMib, cpus, pids, diskMib, outputKib, openFiles);
  }

  private static Map<Limit, Double> asMap(int t, int m, double c, int p, int d, int o, int f) {
    Map<Limit, Double> map = new EnumMap<>(Limit.class);
    map.put(Limit.TIME_S, (double) t);
    map.put(Limit.MEMORY_MIB, (double) m);
    map.put(Limit.CPUS, c);
    map.put(Limit.PIDS, (double) p);
    map.put(Limit.DISK_MIB, (double) d);
    map.put(Limit.OUTPUT_KIB, (double) o);
    map.put(Limit.OPEN_FILES, (double) f);
    return map;
  }

  public static Limits fromMap(Map<Limit, Double> map) {
    for (Limit l : Limit.values()) {
      if (!map.containsKey(l)) {
        throw new IllegalArgumentException("limit " + l.apiName() + " is missing");
      }
    }
    return new Limits(
        map.get(Limit.TIME_S).intValue(),
        map.get(Limit.MEMORY_MIB).intValue(),
        map.get(Limit.CPUS),
        map.get(Limit.PIDS).intValue(),
        map.get(Limit.DISK_MIB).intValue(),
        map.get(Limit.OUTPUT_KIB).intValue(),
        map.get(Limit.OPEN_FILES).intValue());
  }

  /**
   * These limits with the requested values put in place of the defaults, each checked against
   * {@code maximum}: a value above it is refused with a message naming the limit and the maximum.
   */
  public Limits override(Map<Limit, Double> requested, Limits maximum) {
    Map<Limit, Double> merged = new EnumMap<>(asMap());
    Map<Limit, Double> max = maximum.asMap();
    for (Map.Entry<Limit, Double> e : requested.entrySet()) {
      Limit limit = e.getKey();
      double value = e.getValue();
      String field = "limits." + limit.apiName();
      limit.checkValue(value, field);
      if (value > max.get(limit)) {
        throw new InvalidRequestException(field, limit.apiName() + " " + Limit.format(value)
            + " is above the maximum " + Limit.format(max.get(limit)));
      }
      merged.put(limit, value);
    }
    return fromMap(merged);
  }

  /** Throws when any of these limits is above {@code maximum}; used to validate configuration. */
  public void checkWithin(Limits maximum, String what) {
    Map<Limit, Double> max = maximum.asMap();
    asMap().forEach((limit, value) -> {
      if (value > max.get(limit)) {
        throw new IllegalArgumentException(what + ": " + limit.apiName() + " " + Limit.format(value)
            + " is above the maximum " + Limit.format(max.get(limit)));
      }
    });
  }
}
