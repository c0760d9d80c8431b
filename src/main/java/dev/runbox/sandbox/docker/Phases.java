package dev.runbox.sandbox.docker;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where a run's time went, phase by phase, in milliseconds (for logs and the benchmark). */
final class Phases {
  private final Map<String, Long> millis = new LinkedHashMap<>();
  private long last = System.nanoTime();

  void mark(String phase) {
    long now = System.nanoTime();
    millis.merge(phase, (now - last) / 1_000_000, Long::sum);
    last = now;
  }

  Map<String, Long> millis() {
    return Map.copyOf(millis);
  }

  @Override
  public String toString() {
    return millis.toString();
  }
}
