package dev.runbox.core;

/** Which timer ended a run, if any. */
public enum Timeout {
  /** The run ended by itself. */
  NONE,
  /** The timer inside the container fired: the command ran under {@code timeout} (exit 124). */
  INNER,
  /** The service's own deadline fired: the container was killed from outside (exit 137). */
  OUTER
}
