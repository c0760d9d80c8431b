package dev.runbox.core;

import java.util.Optional;

/**
 * The limits a run can set, with their API names, the smallest value that makes sense and whether a
 * fraction is allowed. Each limit reads its own value from a {@link Limits}.
 */
public enum Limit {
  TIME_S("time_s", 1, false),
  MEMORY_MIB("memory_mib", 16, false),
  CPUS("cpus", 0.01, true),
  PIDS("pids", 8, false),
  DISK_MIB("disk_mib", 1, false),
  OUTPUT_KIB("output_kib", 1, false),
  OPEN_FILES("open_files", 16, false);

  private final String apiName;
  private final double minimum;
  private final boolean fractional;

  Limit(String apiName, double minimum, boolean fractional) {
    this.apiName = apiName;
    this.minimum = minimum;
    this.fractional = fractional;
  }

  public String apiName() {
    return apiName;
  }

  public double minimum() {
    return minimum;
  }

  public boolean fractional() {
    return fractional;
  }

  /** This limit's value in {@code limits}: an {@link Integer}, or a {@link Double} for cpus. */
  public Number valueIn(Limits limits) {
    return switch (this) {
      case TIME_S -> limits.timeSeconds();
      case MEMORY_MIB -> limits.memoryMib();
      case CPUS -> limits.cpus();
      case PIDS -> limits.pids();
      case DISK_MIB -> limits.diskMib();
      case OUTPUT_KIB -> limits.outputKib();
      case OPEN_FILES -> limits.openFiles();
    };
  }

  /**
   * Why {@code value} cannot be this limit: not a finite number, below the minimum, or a fraction
   * of a whole-number limit. Empty when it can.
   */
  public Optional<String> problemWith(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value) || value < minimum) {
      return Optional.of(
          apiName + " must be at least " + format(minimum) + ", got " + format(value));
    }
    if (!fractional && value != Math.rint(value)) {
      return Optional.of(apiName + " must be a whole number, got " + format(value));
    }
    return Optional.empty();
  }

  /** Why {@code value} is above this limit's value in {@code maximum}; empty when it is not. */
  Optional<String> problemAbove(double value, Limits maximum) {
    double max = valueIn(maximum).doubleValue();
    return value > max
        ? Optional.of(apiName + " " + format(value) + " is above the maximum " + format(max))
        : Optional.empty();
  }

  /** Refuses a value below the minimum or, for whole-number limits, a fraction. */
  void checkValue(double value, String field) {
    problemWith(value)
        .ifPresent(
            p -> {
              throw new InvalidRequestException(field, p);
            });
  }

  static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  public static Limit byApiName(String name) {
    for (Limit l : values()) {
      if (l.apiName.equals(name)) {
        return l;
      }
    }
    throw new InvalidRequestException("limits." + name, "unknown limit '" + name + "'");
  }
}
