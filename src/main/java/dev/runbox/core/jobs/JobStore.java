package dev.runbox.core.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The durable store of jobs and their results, and the queue nodes claim from. Every method is one
 * transaction; times are the store's own clock where it has one. Implementations: SQLite (the
 * embedded default) and PostgreSQL, held to the same contract tests.
 */
public interface JobStore extends AutoCloseable {
  /** Stores a job as {@code queued}, honouring its idempotency key. */
  Submitted submit(NewJob job);

  /** The job of this id, or of this alias. */
  Optional<Job> find(String id);

  /**
   * The jobs of these ids (or aliases) that exist, in the order of {@code ids}, each once (at its
   * first mention).
   */
  List<Job> findAll(List<String> ids);

  /**
   * Claims up to {@code max} queued jobs (oldest first) for {@code node}: each becomes {@code
   * running} with its attempt counted and a lease until now + {@code lease}. Never the same job for
   * two claimers.
   */
  List<Claim> claim(String node, int max, Duration lease);

  /**
   * Extends the leases {@code node} holds on these claims; returns the job ids whose lease it still
   * held (a missing one was cancelled or given to another node: its run must stop).
   */
  Set<String> renew(String node, List<Claim> held, Duration lease);

  /**
   * The job ids of these claims that {@code node} still holds, as {@link #renew} would find them,
   * without extending anything.
   */
  Set<String> held(String node, List<Claim> held);

  /**
   * Writes an attempt's end: {@code done} with the result, or {@code failed} with the error. Only
   * the attempt that still holds the job's lease may: false (and nothing written) otherwise.
   */
  boolean complete(Claim claim, JobStatus status, Optional<String> result, Optional<String> error);

  /**
   * Gives a claim back (the node is stopping): {@code queued} again, its attempt not counted
   * against it. False when the claim no longer held the lease.
   */
  boolean release(Claim claim);

  /** Cancels a queued or running job; the job as it is after, empty when there is no such job. */
  Optional<Job> cancel(String id);

  /**
   * Jobs whose lease lapsed, or whose node is known dead, are queued again, or {@code failed} when
   * their attempts ran out; returns how many changed.
   */
  int requeueExpired();

  /** At start-up: the node's own running jobs (it died holding them) are queued again. */
  int requeueOwn(String node);

  /** Up to {@code max} jobs whose callback is due now, for one delivery each. */
  List<Job> dueCallbacks(int max);

  /** Records a callback delivery's outcome. */
  void callbackDelivered(String id, Job.Callback state);

  /** Removes final jobs that finished before {@code before}; returns how many. */
  int purge(Instant before);

  JobCounts counts();

  /**
   * A page of the jobs of one kind, newest first (by creation, then by id, both descending): up to
   * {@code limit} of them after skipping {@code offset}.
   */
  List<Job> newest(JobKind kind, long offset, int limit);

  /** How many jobs of this kind were created at or after {@code from} and before {@code until}. */
  long count(JobKind kind, Instant from, Instant until);

  /** The size of the store's database in bytes, as the database reports it. */
  long sizeInBytes();

  @Override
  void close();
}
