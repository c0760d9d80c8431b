package dev.runbox.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.jobs.Claim;
import dev.runbox.core.jobs.Job;
import dev.runbox.core.jobs.JobCounts;
import dev.runbox.core.jobs.JobKind;
import dev.runbox.core.jobs.JobStatus;
import dev.runbox.core.jobs.JobStore;
import dev.runbox.core.jobs.NewJob;
import dev.runbox.core.jobs.Submitted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JobStore} does; each implementation's test class runs it against its store. */
abstract class JobStoreContract {
  private static final Duration LEASE = Duration.ofMinutes(1);

  private JobStore store;
  private int minted;

  /** A new, empty store. */
  abstract JobStore newStore() throws Exception;

  /** The audit rows of a job's attempts, "ATTEMPT NODE OUTCOME" in attempt order, read directly. */
  abstract List<String> attempts(String jobId) throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private NewJob job() {
    return job(Optional.empty(), "digest", Optional.empty(), 3);
  }

  private NewJob job(
      Optional<String> key, String digest, Optional<String> callback, int maxAttempts) {
    minted++;
    return new NewJob(
        "job-%04d".formatted(minted),
        JobKind.RUN,
        "{\"n\":" + minted + "}",
        digest,
        callback,
        key,
        maxAttempts);
  }

  private Job submitted(NewJob job) {
    Submitted s = store.submit(job);
    assertThat(s).isInstanceOf(Submitted.Created.class);
    return ((Submitted.Created) s).job();
  }

  private Job stored(String id) {
    return store.find(id).orElseThrow();
  }

  @Test
  void aJobIsFoundByEachOfItsAliasesAsByItsId() {
    Job job =
        submitted(
            new NewJob(
                "job-aliased",
                JobKind.JUDGE0,
                "{}",
                "d",
                Optional.empty(),
                Optional.empty(),
                1,
                List.of("token-1", "token-2")));

    assertThat(store.find("token-1")).map(Job::id).contains(job.id());
    assertThat(store.find("token-2")).map(Job::id).contains(job.id());
    assertThat(store.find("job-aliased")).map(Job::kind).contains(JobKind.JUDGE0);
    assertThat(store.find("token-3")).isEmpty();
    Job other = submitted(job());
    assertThat(store.findAll(List.of("token-2", other.id(), "nope", "token-1", "job-aliased")))
        .extracting(Job::id)
        .containsExactly(job.id(), other.id());
  }

  @Test
  void anAliasTakenAlreadyIsRefusedAndStoresNothing() {
    submitted(
        new NewJob(
            "job-first",
            JobKind.JUDGE0,
            "{}",
            "d",
            Optional.empty(),
            Optional.empty(),
            1,
            List.of("token-x")));

    assertThatThrownBy(
            () ->
                store.submit(
                    new NewJob(
                        "job-second",
                        JobKind.JUDGE0,
                        "{}",
                        "d",
                        Optional.empty(),
                        Optional.empty(),
                        1,
                        List.of("token-y", "token-x"))))
        .isInstanceOf(RuntimeException.class);
    assertThat(store.find("job-second")).isEmpty();
    assertThat(store.find("token-y")).isEmpty();
  }

  @Test
  void aSubmittedJobIsQueued() {
    NewJob asked =
        new NewJob(
            "job-a",
            JobKind.JUDGE,
            "{\"tests\":[]}",
            "d1",
            Optional.of("https://example.test/hook"),
            Optional.empty(),
            2);
    Job job = submitted(asked);

    assertThat(job.id()).isEqualTo("job-a");
    assertThat(job.kind()).isEqualTo(JobKind.JUDGE);
    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job.request()).isEqualTo("{\"tests\":[]}");
    assertThat(job.attempts()).isZero();
    assertThat(job.maxAttempts()).isEqualTo(2);
    assertThat(job.startedAt()).isEmpty();
    assertThat(job.finishedAt()).isEmpty();
    assertThat(job.node()).isEmpty();
    assertThat(job.callbackUrl()).contains("https://example.test/hook");
    assertThat(job.callback().state()).isEqualTo("pending");
    assertThat(job.result()).isEmpty();
    assertThat(job.error()).isEmpty();
    assertThat(job.createdAt())
        .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
    assertThat(stored("job-a")).isEqualTo(job);
    assertThat(submitted(job()).callback()).isEqualTo(Job.Callback.NONE);
  }

  @Test
  void theSameIdempotencyKeyWithTheSameRequestGivesTheExistingJob() {
    Job first = submitted(job(Optional.of("k1"), "same", Optional.empty(), 3));

    Submitted again = store.submit(job(Optional.of("k1"), "same", Optional.empty(), 3));

    assertThat(again).isEqualTo(new Submitted.Existing(first));
    assertThat(store.counts().queued()).isEqualTo(1);
  }

  @Test
  void theSameIdempotencyKeyWithAnotherRequestIsAConflict() {
    Job first = submitted(job(Optional.of("k1"), "one", Optional.empty(), 3));

    Submitted other = store.submit(job(Optional.of("k1"), "two", Optional.empty(), 3));

    assertThat(other).isEqualTo(new Submitted.Conflict(first.id()));
    assertThat(store.counts().queued()).isEqualTo(1);
  }

  @Test
  void jobsWithoutAKeyOrWithOtherKeysAreAllCreated() {
    submitted(job());
    submitted(job());
    submitted(job(Optional.of("a"), "same", Optional.empty(), 3));
    submitted(job(Optional.of("b"), "same", Optional.empty(), 3));

    assertThat(store.counts().queued()).isEqualTo(4);
  }

  @Test
  void aSecondJobWithTheSameIdIsRefused() {
    submitted(new NewJob("dup", JobKind.RUN, "{}", "d", Optional.empty(), Optional.empty(), 1));

    assertThatThrownBy(
            () ->
                store.submit(
                    new NewJob(
                        "dup", JobKind.RUN, "{}", "d", Optional.empty(), Optional.empty(), 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dup");
  }

  @Test
  void findAllKeepsTheOrderAskedAndLeavesOutUnknownIds() {
    Job a = submitted(job());
    Job b = submitted(job());

    assertThat(store.findAll(List.of(b.id(), "nope", a.id())))
        .extracting(Job::id)
        .containsExactly(b.id(), a.id());
    assertThat(store.findAll(List.of())).isEmpty();
    assertThat(store.find("nope")).isEmpty();
  }

  @Test
  void aClaimTakesTheOldestQueuedJobsAndLeasesThem() {
    Job a = submitted(job());
    Job b = submitted(job());
    Job c = submitted(job());

    List<Claim> first = store.claim("node-a", 2, LEASE);

    assertThat(first).extracting(Claim::jobId).containsExactly(a.id(), b.id());
    assertThat(first.getFirst()).isEqualTo(new Claim(a.id(), 1, JobKind.RUN, a.request()));
    Job running = stored(a.id());
    assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(running.attempts()).isEqualTo(1);
    assertThat(running.node()).contains("node-a");
    assertThat(running.startedAt()).isPresent();
    assertThat(store.claim("node-b", 5, LEASE)).extracting(Claim::jobId).containsExactly(c.id());
    assertThat(store.claim("node-b", 5, LEASE)).isEmpty();
    assertThat(store.claim("node-b", 0, LEASE)).isEmpty();
  }

  @Test
  void concurrentClaimersNeverGetTheSameJob() throws Exception {
    int jobs = 60;
    int claimers = 4;
    for (int i = 0; i < jobs; i++) {
      submitted(job());
    }
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(claimers);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int n = 0; n < claimers; n++) {
        String node = "node-" + n;
        results.add(
            pool.submit(
                () -> {
                  go.await(10, TimeUnit.SECONDS);
                  List<String> mine = new ArrayList<>();
                  while (true) {
                    List<Claim> claimed = store.claim(node, 3, LEASE);
                    if (claimed.isEmpty()) {
                      return mine;
                    }
                    claimed.forEach(c -> mine.add(c.jobId()));
                  }
                }));
      }
      go.countDown();
      List<String> all = new ArrayList<>();
      for (Future<List<String>> result : results) {
        all.addAll(result.get(60, TimeUnit.SECONDS));
      }
      assertThat(all).hasSize(jobs).doesNotHaveDuplicates();
      assertThat(store.counts().running()).isEqualTo(jobs);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aRenewalReturnsTheJobsTheNodeStillHolds() {
    submitted(job());
    submitted(job());
    List<Claim> held = store.claim("node-a", 2, LEASE);

    assertThat(store.renew("node-a", held, LEASE))
        .containsExactlyInAnyOrder(held.get(0).jobId(), held.get(1).jobId());

    store.cancel(held.get(0).jobId());
    assertThat(store.renew("node-a", held, LEASE)).containsExactly(held.get(1).jobId());
    assertThat(store.renew("node-b", held, LEASE)).isEmpty();
    assertThat(store.renew("node-a", List.of(), LEASE)).isEmpty();
  }

  @Test
  void theClaimsANodeStillHoldsAreReadWithoutRenewingThem() {
    submitted(job());
    submitted(job());
    List<Claim> held = store.claim("node-a", 2, LEASE);

    assertThat(store.held("node-a", held))
        .containsExactlyInAnyOrder(held.get(0).jobId(), held.get(1).jobId());

    store.cancel(held.get(0).jobId());
    assertThat(store.held("node-a", held)).containsExactly(held.get(1).jobId());
    assertThat(store.held("node-b", held)).isEmpty();
    assertThat(store.held("node-a", List.of())).isEmpty();
    Claim stale = new Claim(held.get(1).jobId(), held.get(1).attempt() - 1, JobKind.RUN, "{}");
    assertThat(store.held("node-a", List.of(stale))).as("an earlier attempt").isEmpty();
  }

  @Test
  void aRenewalKeepsALeaseFromLapsing() {
    submitted(job());
    submitted(job());
    List<Claim> held = store.claim("node-a", 2, Duration.ofSeconds(1));
    Claim renewed = held.get(0);
    Claim lapsing = held.get(1);

    assertThat(store.renew("node-a", List.of(renewed), LEASE)).containsExactly(renewed.jobId());

    assertThat(pollUntil(Instant.now().plusSeconds(15), store::requeueExpired)).isEqualTo(1);
    assertThat(stored(lapsing.jobId()).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(stored(renewed.jobId()).status()).isEqualTo(JobStatus.RUNNING);
    assertThat(store.renew("node-a", held, LEASE)).containsExactly(renewed.jobId());
  }

  @Test
  void onlyTheAttemptThatHoldsTheLeaseCompletes() {
    Job job = submitted(job(Optional.empty(), "d", Optional.empty(), 3));
    Claim claim = store.claim("node-a", 1, LEASE).getFirst();

    assertThat(store.complete(claim, JobStatus.DONE, Optional.of("{\"ok\":1}"), Optional.empty()))
        .isTrue();
    assertThat(store.complete(claim, JobStatus.FAILED, Optional.empty(), Optional.of("late")))
        .isFalse();

    Job done = stored(job.id());
    assertThat(done.status()).isEqualTo(JobStatus.DONE);
    assertThat(done.result()).contains("{\"ok\":1}");
    assertThat(done.error()).isEmpty();
    assertThat(done.finishedAt()).isPresent();
    assertThat(done.node()).contains("node-a");
    assertThat(
            store.complete(
                new Claim("nope", 1, JobKind.RUN, "{}"),
                JobStatus.DONE,
                Optional.of("{}"),
                Optional.empty()))
        .isFalse();
  }

  @Test
  void anAttemptCanEndFailedWithItsError() {
    Job job = submitted(job());
    Claim claim = store.claim("node-a", 1, LEASE).getFirst();

    assertThat(store.complete(claim, JobStatus.FAILED, Optional.empty(), Optional.of("no engine")))
        .isTrue();

    assertThat(stored(job.id()).status()).isEqualTo(JobStatus.FAILED);
    assertThat(stored(job.id()).error()).contains("no engine");
  }

  @Test
  void anAttemptEndsOnlyDoneOrFailed() {
    submitted(job());
    Claim claim = store.claim("node-a", 1, LEASE).getFirst();

    assertThatThrownBy(
            () -> store.complete(claim, JobStatus.QUEUED, Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(stored(claim.jobId()).status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void cancellingAQueuedJobEndsIt() {
    Job job = submitted(job());

    Job cancelled = store.cancel(job.id()).orElseThrow();

    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(cancelled.finishedAt()).isPresent();
    assertThat(store.claim("node-a", 1, LEASE)).isEmpty();
  }

  @Test
  void cancellingARunningJobFencesOffItsAttempt() {
    Job job = submitted(job());
    Claim claim = store.claim("node-a", 1, LEASE).getFirst();

    assertThat(store.cancel(job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);

    assertThat(store.complete(claim, JobStatus.DONE, Optional.of("{}"), Optional.empty()))
        .isFalse();
    assertThat(store.release(claim)).isFalse();
    assertThat(stored(job.id()).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(stored(job.id()).result()).isEmpty();
  }

  @Test
  void cancellingAFinalJobChangesNothingAndAnUnknownOneIsEmpty() {
    Job job = submitted(job());
    Claim claim = store.claim("node-a", 1, LEASE).getFirst();
    store.complete(claim, JobStatus.DONE, Optional.of("{}"), Optional.empty());
    Job done = stored(job.id());

    assertThat(store.cancel(job.id())).contains(done);
    assertThat(store.cancel("nope")).isEmpty();
  }

  @Test
  void aReleasedClaimIsQueuedAgainWithoutCountingItsAttempt() {
    Job job = submitted(job(Optional.empty(), "d", Optional.empty(), 1));
    Claim first = store.claim("node-a", 1, LEASE).getFirst();

    assertThat(store.release(first)).isTrue();
    assertThat(store.release(first)).isFalse();
    assertThat(stored(job.id()).status()).isEqualTo(JobStatus.QUEUED);

    Claim second = store.claim("node-b", 1, LEASE).getFirst();
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(store.complete(first, JobStatus.DONE, Optional.of("{}"), Optional.empty()))
        .isFalse();
    // its one counted attempt is the second: node-b's loss fails it
    assertThat(store.requeueOwn("node-b")).isEqualTo(1);
    assertThat(stored(job.id()).status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void everyClaimLeavesAnAuditRowWithHowItEnded() throws Exception {
    Job job = submitted(job());
    Job other = submitted(job());
    store.release(store.claim("node-a", 1, LEASE).getFirst());
    Claim second = store.claim("node-b", 1, LEASE).getFirst();
    store.complete(second, JobStatus.DONE, Optional.of("{}"), Optional.empty());
    store.claim("node-c", 1, LEASE);
    store.cancel(other.id());

    assertThat(attempts(job.id())).containsExactly("1 node-a released", "2 node-b done");
    assertThat(attempts(other.id())).containsExactly("1 node-c cancelled");
  }

  @Test
  void aLapsedLeaseRequeuesTheJobOrFailsItWhenItsAttemptsRanOut() {
    Job again = submitted(job(Optional.empty(), "d", Optional.empty(), 2));
    Job last = submitted(job(Optional.empty(), "d", Optional.of("https://cb.test/x"), 1));
    List<Claim> claims = store.claim("node-a", 2, Duration.ofSeconds(1));
    assertThat(claims).hasSize(2);

    int requeued = pollUntil(Instant.now().plusSeconds(15), store::requeueExpired);

    assertThat(requeued).isEqualTo(2);
    Job queued = stored(again.id());
    assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(queued.attempts()).isEqualTo(1);
    assertThat(queued.finishedAt()).isEmpty();
    Job failed = stored(last.id());
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.error()).contains("node lost node-a");
    assertThat(failed.finishedAt()).isPresent();
    assertThat(failed.callback().state()).isEqualTo("due");
    assertThat(store.requeueExpired()).isZero();
    for (Claim stale : claims) {
      assertThat(store.complete(stale, JobStatus.DONE, Optional.of("{}"), Optional.empty()))
          .isFalse();
    }
    Claim retry = store.claim("node-b", 5, LEASE).getFirst();
    assertThat(retry).isEqualTo(new Claim(again.id(), 2, JobKind.RUN, again.request()));
    assertThat(store.complete(retry, JobStatus.DONE, Optional.of("{}"), Optional.empty())).isTrue();
  }

  @Test
  void atStartUpANodeRequeuesItsOwnRunningJobs() {
    submitted(job(Optional.empty(), "d", Optional.empty(), 2));
    submitted(job(Optional.empty(), "d", Optional.empty(), 1));
    submitted(job());
    List<Claim> mine = store.claim("node-a", 2, LEASE);
    Claim theirs = store.claim("node-b", 1, LEASE).getFirst();

    assertThat(store.requeueOwn("node-a")).isEqualTo(2);

    assertThat(stored(mine.get(0).jobId()).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(stored(mine.get(1).jobId()).status()).isEqualTo(JobStatus.FAILED);
    assertThat(stored(mine.get(1).jobId()).error()).contains("node lost node-a");
    assertThat(stored(theirs.jobId()).status()).isEqualTo(JobStatus.RUNNING);
    assertThat(store.requeueOwn("node-a")).isZero();
  }

  @Test
  void aFinishedJobsCallbackBecomesDueAndIsHandedOutOnce() {
    Job hooked = submitted(job(Optional.empty(), "d", Optional.of("https://cb.test/1"), 3));
    submitted(job());
    List<Claim> claims = store.claim("node-a", 2, LEASE);
    assertThat(store.dueCallbacks(10)).isEmpty();
    for (Claim claim : claims) {
      store.complete(claim, JobStatus.DONE, Optional.of("{}"), Optional.empty());
    }
    assertThat(stored(hooked.id()).callback().state()).isEqualTo("due");
    assertThat(stored(claims.get(1).jobId()).callback()).isEqualTo(Job.Callback.NONE);

    List<Job> due = store.dueCallbacks(10);

    assertThat(due).extracting(Job::id).containsExactly(hooked.id());
    assertThat(due.getFirst().result()).contains("{}");
    assertThat(store.dueCallbacks(10)).isEmpty();

    store.callbackDelivered(
        hooked.id(),
        new Job.Callback("due", 1, Optional.of(Instant.now().minusSeconds(1)), Optional.of("503")));
    Job retry = store.dueCallbacks(10).getFirst();
    assertThat(retry.callback().attempts()).isEqualTo(1);
    assertThat(retry.callback().lastError()).contains("503");

    store.callbackDelivered(
        hooked.id(), new Job.Callback("delivered", 2, Optional.empty(), Optional.empty()));
    assertThat(stored(hooked.id()).callback())
        .isEqualTo(new Job.Callback("delivered", 2, Optional.empty(), Optional.empty()));
    assertThat(store.dueCallbacks(10)).isEmpty();
  }

  @Test
  void aCancelledJobsCallbackIsDueToo() {
    Job hooked = submitted(job(Optional.empty(), "d", Optional.of("https://cb.test/1"), 3));

    store.cancel(hooked.id());

    assertThat(store.dueCallbacks(10)).extracting(Job::id).containsExactly(hooked.id());
  }

  @Test
  void purgeRemovesFinalJobsThatFinishedBefore() {
    Job done = submitted(job());
    Job cancelled = submitted(job());
    Job queued = submitted(job());
    store.complete(
        store.claim("node-a", 1, LEASE).getFirst(),
        JobStatus.DONE,
        Optional.of("{}"),
        Optional.empty());
    store.cancel(cancelled.id());

    assertThat(store.purge(Instant.now().minusSeconds(60))).isZero();
    assertThat(store.purge(Instant.now().plusSeconds(60))).isEqualTo(2);

    assertThat(store.find(done.id())).isEmpty();
    assertThat(store.find(cancelled.id())).isEmpty();
    assertThat(store.find(queued.id())).isPresent();
  }

  @Test
  void countsAreTheQueuedAndRunningJobsAndTheOldestWait() {
    assertThat(store.counts()).isEqualTo(new JobCounts(0, 0, Duration.ZERO));
    submitted(job());
    submitted(job());
    submitted(job());
    store.claim("node-a", 1, LEASE);

    JobCounts counts = store.counts();

    assertThat(counts.queued()).isEqualTo(2);
    assertThat(counts.running()).isEqualTo(1);
    assertThat(counts.oldestQueuedAge()).isBetween(Duration.ZERO, Duration.ofMinutes(1));
  }

  @Test
  void theJobsOfOneKindArePagedNewestFirst() {
    List<String> judge0 = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      submitted(job());
      minted++;
      String id = "job-%04d".formatted(minted);
      submitted(new NewJob(id, JobKind.JUDGE0, "{}", "d", Optional.empty(), Optional.empty(), 3));
      judge0.add(0, id);
    }

    assertThat(store.newest(JobKind.JUDGE0, 0, 2))
        .extracting(Job::id)
        .isEqualTo(judge0.subList(0, 2));
    assertThat(store.newest(JobKind.JUDGE0, 2, 2))
        .extracting(Job::id)
        .isEqualTo(judge0.subList(2, 4));
    assertThat(store.newest(JobKind.JUDGE0, 4, 2))
        .extracting(Job::id)
        .isEqualTo(judge0.subList(4, 5));
    assertThat(store.newest(JobKind.JUDGE0, 5, 2)).isEmpty();
    assertThat(store.newest(JobKind.JUDGE0, 0, 0)).isEmpty();
    assertThat(store.newest(JobKind.JUDGE, 0, 10)).isEmpty();
    assertThat(store.newest(JobKind.RUN, 0, 10)).hasSize(5).allMatch(j -> j.kind() == JobKind.RUN);
    assertThat(store.newest(JobKind.JUDGE0, 0, 1).getFirst()).isEqualTo(stored(judge0.getFirst()));
    assertThatThrownBy(() -> store.newest(JobKind.RUN, -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theJobsOfAKindCreatedInAnIntervalAreCounted() {
    submitted(job());
    submitted(job());
    minted++;
    submitted(
        new NewJob(
            "job-%04d".formatted(minted),
            JobKind.JUDGE0,
            "{}",
            "d",
            Optional.empty(),
            Optional.empty(),
            3));
    Instant now = Instant.now();

    assertThat(store.count(JobKind.RUN, Instant.EPOCH, now.plusSeconds(60))).isEqualTo(2);
    assertThat(store.count(JobKind.JUDGE0, Instant.EPOCH, now.plusSeconds(60))).isEqualTo(1);
    assertThat(store.count(JobKind.JUDGE, Instant.EPOCH, now.plusSeconds(60))).isZero();
    assertThat(store.count(JobKind.RUN, now.plusSeconds(60), now.plusSeconds(120))).isZero();
    assertThat(store.count(JobKind.RUN, Instant.EPOCH, now.minusSeconds(60))).isZero();
  }

  @Test
  void theDatabaseSizeIsPositive() {
    submitted(job());

    assertThat(store.sizeInBytes()).isPositive();
  }

  /**
   * Calls {@code step} every 50 ms, adding up what it returns, until it has returned something
   * (then that sum) or {@code deadline} passed (then 0, or the sum so far).
   */
  private static int pollUntil(Instant deadline, IntSupplier step) {
    int sum = 0;
    while (true) {
      sum += step.getAsInt();
      if (sum > 0 || Instant.now().isAfter(deadline)) {
        return sum;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
