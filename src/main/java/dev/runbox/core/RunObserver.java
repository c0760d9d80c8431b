package dev.runbox.core;

import java.time.Duration;

/** Hears what the run service does, for metrics. Implementations must not throw. */
public interface RunObserver {
  void finished(String image, Outcome outcome, Duration duration);

  void refused(String reason);

  void engineFailed();

  RunObserver NONE = new RunObserver() {
    @Override
    public void finished(String image, Outcome outcome, Duration duration) {}

    @Override
    public void refused(String reason) {}

    @Override
    public void engineFailed() {}
  };
}
