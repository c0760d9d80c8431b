package dev.runbox.core.jobs;

import java.util.List;
import java.util.Optional;

/**
 * A job to store, its request already checked.
 *
 * @param id minted by the accepting node
 * @param request the request's JSON, as the synchronous route would read it
 * @param requestDigest a digest of the kind and request: the same idempotency key with another
 *     digest is a conflict
 * @param maxAttempts how many times runbox may start it before it is {@code failed}
 * @param aliases other ids the job is found by (a Judge0 submission's token): unique across the
 *     store, never a job's id
 */
public record NewJob(
    String id,
    JobKind kind,
    String request,
    String requestDigest,
    Optional<String> callbackUrl,
    Optional<String> idempotencyKey,
    int maxAttempts,
    List<String> aliases) {
  public NewJob {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("a job needs at least one attempt: " + maxAttempts);
    }
    aliases = List.copyOf(aliases);
  }

  /** A job found by its id alone. */
  public NewJob(
      String id,
      JobKind kind,
      String request,
      String requestDigest,
      Optional<String> callbackUrl,
      Optional<String> idempotencyKey,
      int maxAttempts) {
    this(id, kind, request, requestDigest, callbackUrl, idempotencyKey, maxAttempts, List.of());
  }
}
