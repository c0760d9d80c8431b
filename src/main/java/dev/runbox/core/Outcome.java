package dev.runbox.core;

import java.util.Locale;

/** The verdict on a run, computed by the service from what it observed. */
public enum Outcome {
  /** Tests ran and some failed. */
  RED,
  /** The code did not compile, or crashed before any test ran. */
  AMBER,
  /** All tests passed. */
  GREEN,
  /** The image has no test rules; the program simply ran. */
  COMPLETED,
  /** A timer stopped the run. */
  TIMED_OUT,
  /** The image has rules and the run matched none of them. */
  FAULTY;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Outcome ofApiName(String name) {
    for (Outcome o : values()) {
      if (o.apiName().equals(name)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown outcome '" + name + "'");
  }
}
