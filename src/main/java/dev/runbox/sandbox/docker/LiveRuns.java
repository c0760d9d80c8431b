package dev.runbox.sandbox.docker;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run labels (run ids and warm-pool ids) of this instance whose containers are in use, waiting
 * in the pool or being removed. The sandbox and the pool register and release them; the reaper
 * leaves a container of this instance alone while its label is live.
 */
public final class LiveRuns {
  private final Set<String> labels = ConcurrentHashMap.newKeySet();

  void register(String label) {
    labels.add(label);
  }

  void release(String label) {
    labels.remove(label);
  }

  boolean isLive(String label) {
    return labels.contains(label);
  }
}
