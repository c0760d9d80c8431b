package dev.runbox.core.jobs;

import dev.runbox.core.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The async API's use cases: submit (checked as the synchronous route checks, so that a bad request
 * is refused at once and never becomes a failed job), look up, cancel. Running is the {@link
 * JobWorker}'s.
 */
public final class JobService {
  /** Most jobs one batch may submit. */
  public static final int MAX_BATCH = 100;

  private final JobStore store;
  private final JobCodec codec;
  private final Supplier<String> ids;
  private final int maxAttempts;
  private final Consumer<String> callbackCheck;
  private final Runnable submitted;
  private final Consumer<String> cancelled;
  private final Callbacks callbacks;

  /**
   * Whether this node accepts jobs with a callback URL, and how it delivers their callbacks.
   *
   * @param maxAttempts how many deliveries a callback gets at most
   * @param attemptTimeout the longest one delivery may take
   */
  public record Callbacks(boolean enabled, int maxAttempts, Duration attemptTimeout) {
    /** No callbacks: a job with a callback URL is refused. */
    public static final Callbacks OFF = new Callbacks(false, 0, Duration.ZERO);
  }

  /**
   * @param callbackCheck refuses a callback URL runbox must not call (an {@link
   *     InvalidRequestException} naming {@code callback_url})
   * @param submitted told after a job was stored (wakes the local worker)
   * @param cancelled told the id of a job cancelled while it ran (this node's worker stops its run;
   *     another node's finds out on its next round)
   */
  public JobService(
      JobStore store,
      JobCodec codec,
      Supplier<String> ids,
      int maxAttempts,
      Consumer<String> callbackCheck,
      Runnable submitted,
      Consumer<String> cancelled) {
    this(store, codec, ids, maxAttempts, callbackCheck, submitted, cancelled, Callbacks.OFF);
  }

  /** As above, saying how callbacks are delivered (for the APIs that report it). */
  public JobService(
      JobStore store,
      JobCodec codec,
      Supplier<String> ids,
      int maxAttempts,
      Consumer<String> callbackCheck,
      Runnable submitted,
      Consumer<String> cancelled,
      Callbacks callbacks) {
    this.callbacks = callbacks;
    this.cancelled = cancelled;
    this.store = store;
    this.codec = codec;
    this.ids = ids;
    this.maxAttempts = maxAttempts;
    this.callbackCheck = callbackCheck;
    this.submitted = submitted;
  }

  /**
   * One job to submit, as the API received it.
   *
   * @param aliases other ids the job is to be found by (see {@link NewJob#aliases})
   */
  public record Submission(
      JobKind kind,
      String request,
      Optional<String> callbackUrl,
      Optional<String> key,
      List<String> aliases) {
    public Submission {
      aliases = List.copyOf(aliases);
    }

    /** A job found by its id alone. */
    public Submission(
        JobKind kind, String request, Optional<String> callbackUrl, Optional<String> key) {
      this(kind, request, callbackUrl, key, List.of());
    }
  }

  /** Checks and stores one job. */
  public Submitted submit(Submission s) {
    NewJob job = checked(s, "");
    Submitted done = store.submit(job);
    submitted.run();
    return done;
  }

  /**
   * Checks every job first (one bad item refuses the whole batch, naming it), then stores each, in
   * order.
   */
  public List<Submitted> submitBatch(List<Submission> batch) {
    if (batch.isEmpty() || batch.size() > MAX_BATCH) {
      throw new InvalidRequestException(
          "jobs", batch.size() + " jobs sent; a batch holds 1 to " + MAX_BATCH + " jobs");
    }
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      jobs.add(checked(batch.get(i), "jobs[" + i + "]."));
    }
    List<Submitted> out = new ArrayList<>();
    for (NewJob j : jobs) {
      out.add(store.submit(j));
    }
    submitted.run();
    return out;
  }

  private NewJob checked(Submission s, String at) {
    String request;
    try {
      s.callbackUrl().ifPresent(callbackCheck);
      request = codec.check(s.kind(), s.request());
    } catch (InvalidRequestException e) {
      if (at.isEmpty()) {
        throw e;
      }
      throw new InvalidRequestException(at + e.field(), at + e.getMessage());
    }
    return new NewJob(
        ids.get(),
        s.kind(),
        request,
        digest(s.kind(), request, s.callbackUrl()),
        s.callbackUrl(),
        s.key(),
        maxAttempts,
        s.aliases());
  }

  public Optional<Job> find(String id) {
    return store.find(id);
  }

  public List<Job> findAll(List<String> ids) {
    return store.findAll(ids);
  }

  /** Jobs waiting and running on every node. */
  public JobCounts counts() {
    return store.counts();
  }

  /** Whether callbacks are on here, and how they are delivered. */
  public Callbacks callbacks() {
    return callbacks;
  }

  /** A page of the jobs of one kind, newest first. */
  public List<Job> newest(JobKind kind, long offset, int limit) {
    return store.newest(kind, offset, limit);
  }

  /** How many jobs of this kind were created in {@code [from, until)}. */
  public long count(JobKind kind, Instant from, Instant until) {
    return store.count(kind, from, until);
  }

  /** The size of the job store's database in bytes. */
  public long storeSizeInBytes() {
    return store.sizeInBytes();
  }

  /** Cancels a queued or running job; empty when there is no such job. */
  public Optional<Job> cancel(String id) {
    Optional<Job> after = store.cancel(id);
    after.filter(j -> j.status() == JobStatus.CANCELLED).ifPresent(j -> cancelled.accept(j.id()));
    return after;
  }

  /** The same kind, request and callback give the same digest; anything else another. */
  static String digest(JobKind kind, String request, Optional<String> callbackUrl) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(
          (kind.apiName() + "\n" + callbackUrl.orElse("") + "\n").getBytes(StandardCharsets.UTF_8));
      d.update(request.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
