package dev.runbox.core;

import java.util.Locale;

/** Which timer ended a run, if any. */
public enum Timeout {
  /** The run ended by itself. */
  NONE,
  /** The timer inside the container fired: the command ran under {@code timeout} (exit 124). */
  INNER,
  /** The service's own deadline fired: the container was killed from outside (exit 137). */
  OUTER;

  /** The name the APIs use: {@code none}, {@code inner} or {@code outer}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
