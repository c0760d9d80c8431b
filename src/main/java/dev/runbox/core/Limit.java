package dev.runbox.core;

/** The limits a run can set, with their API names and the smallest value that makes sense. */
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

  /** Refuses a value below the minimum or, for whole-number limits, a fraction. */
  public void checkValue(double value, String field) {
    if (Double.isNaN(value) || Double.isInfinite(value) || value < minimum) {
      throw new InvalidRequestException(field, apiName + " must be at least " + format(minimum) + ", got " + format(value));
    }
    if (!fractional && value != Math.rint(value)) {
      throw new InvalidRequestException(field, apiName + " must be a whole number, got " + format(value));
    }
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
