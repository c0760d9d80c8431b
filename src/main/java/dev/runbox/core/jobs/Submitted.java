package dev.runbox.core.jobs;

/** What a submit did. */
public sealed interface Submitted {
  /** A new job was stored. */
  record Created(Job job) implements Submitted {}

  /** The idempotency key was used before with the same request: that job. */
  record Existing(Job job) implements Submitted {}

  /** The idempotency key was used before with another request. */
  record Conflict(String existingId) implements Submitted {}
}
