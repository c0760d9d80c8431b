package dev.runbox.core.jobs;

/** Delivers the callbacks that are due, once each per call; the worker calls it every round. */
public interface JobCallbacks {
  /** Tries every due callback once (bounded by the sender's own timeouts); how many it tried. */
  int deliverDue();

  /** A node that delivers no callbacks (none may be asked for: submits with one are refused). */
  JobCallbacks NONE = () -> 0;
}
