package dev.runbox.core.jobs;

import java.time.Instant;
import java.util.Optional;

/**
 * A job as stored.
 *
 * @param attempts how many times it was started (claimed)
 * @param node the node that ran (or runs) its latest attempt
 * @param result the synchronous route's answer (JSON), once done
 * @param error why runbox failed it, once failed
 */
public record Job(
    String id,
    JobKind kind,
    JobStatus status,
    String request,
    int attempts,
    int maxAttempts,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Optional<String> node,
    Optional<String> callbackUrl,
    Callback callback,
    Optional<String> result,
    Optional<String> error) {

  /**
   * The delivery of a job's callback.
   *
   * @param state {@code none} (no callback URL), {@code pending} (not final yet), {@code due},
   *     {@code delivered} or {@code failed}
   * @param attempts deliveries tried
   * @param next when the next delivery is due
   * @param lastError what went wrong with the last delivery
   */
  public record Callback(
      String state, int attempts, Optional<Instant> next, Optional<String> lastError) {
    public static final Callback NONE = new Callback("none", 0, Optional.empty(), Optional.empty());
  }
}
