package dev.runbox.core;

import java.time.Duration;

/**
 * Hears what the service does, for metrics: the run service's runs and refusals, the sandbox's
 * phases and the reaper's removals. Every method does nothing by default, so an implementation
 * overrides what it records. Implementations must not throw.
 */
public interface RunObserver {
  /** A run ended with this outcome after {@code duration}, admission wait included. */
  default void finished(String image, Outcome outcome, Duration duration) {}

  /** A run was refused before it started, for this reason (e.g. "capacity"). */
  default void refused(String reason) {}

  /** A run was stopped because its client went away (a live run's), whatever it then ended as. */
  default void cancelled() {}

  /** A run failed because the sandbox's infrastructure failed. */
  default void engineFailed() {}

  /** One phase of a run (container, exec, harvest, remove) took this long. */
  default void phase(String name, long millis) {}

  /** The reaper removed {@code n} orphaned containers. */
  default void reaped(int n) {}

  RunObserver NONE = new RunObserver() {};
}
