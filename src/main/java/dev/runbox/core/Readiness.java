package dev.runbox.core;

import java.util.List;

/**
 * The port that says whether runs can be served now: the engine answers and the images are there.
 */
public interface Readiness {
  /** Checks now; never throws. */
  Status check();

  /** Always ready: for a graph that has nothing to wait for. */
  Readiness READY = () -> new Status(List.of());

  /** Ready when nothing is missing; otherwise each problem in a sentence. */
  record Status(List<String> problems) {
    public Status {
      problems = List.copyOf(problems);
    }

    public boolean ready() {
      return problems.isEmpty();
    }
  }
}
