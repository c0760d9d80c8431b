package dev.runbox.sandbox.docker;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which container serves each run or session now, and which runs were cancelled: a cancel names a
 * run id, and stops every container whose run is that id or one derived from it ({@code id-2} for a
 * second attempt, {@code id-checker} for a judge's checker). A cancelled id is remembered (the last
 * {@link #REMEMBERED}) so that a container placed after the cancel is stopped as soon as it is.
 */
final class Cancels {
  static final int REMEMBERED = 1024;

  private final Map<String, String> serving = new HashMap<>();
  private final Set<String> cancelled = new HashSet<>();
  private final Deque<String> order = new ArrayDeque<>();

  /**
   * The run now has this container; false when the run was cancelled (the caller stops the
   * container).
   */
  synchronized boolean serving(String runId, String containerId) {
    serving.put(runId, containerId);
    return !isCancelled(runId);
  }

  /** The run no longer has a container. */
  synchronized void ended(String runId) {
    serving.remove(runId);
  }

  synchronized boolean isCancelled(String runId) {
    return cancelled.stream().anyMatch(c -> derived(runId, c));
  }

  /** Remembers the cancel; the containers serving the run or one derived from it, to stop. */
  synchronized List<String> cancel(String runId) {
    if (cancelled.add(runId)) {
      order.addLast(runId);
      if (order.size() > REMEMBERED) {
        cancelled.remove(order.removeFirst());
      }
    }
    return serving.entrySet().stream()
        .filter(e -> derived(e.getKey(), runId))
        .map(Map.Entry::getValue)
        .toList();
  }

  private static boolean derived(String runId, String from) {
    return runId.equals(from) || runId.startsWith(from + "-");
  }
}
