package dev.runbox.core.jobs;

import dev.runbox.core.AdmissionGate;
import dev.runbox.core.CapacityExceededException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's share of the queue: every poll (or when woken by a local submit) it queues again the
 * jobs whose lease lapsed, claims as many queued jobs as it has free sandboxes, and runs each on a
 * virtual thread; it delivers the callbacks that are due, renews the leases it holds every third of
 * a lease, and purges old jobs. Every round it also looks at the jobs it runs: one cancelled (or
 * given to another node) has its run stopped at once through {@code stopRun}, as has one cancelled
 * on this node ({@link #cancelled}); whatever such a run still returns is refused by the store's
 * fence. What a program does is a {@code done} job; runbox's own failure is a {@code failed} one.
 */
public final class JobWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

  /**
   * @param node this node's id, the owner of its leases
   * @param lease how long a claim holds without a renewal
   * @param poll the longest the worker sleeps between rounds
   * @param retention how long a final job is kept
   * @param drain how long closing waits for running jobs before giving them back
   */
  public record Settings(
      String node, Duration lease, Duration poll, Duration retention, Duration drain) {
    public Settings {
      if (node.isBlank()
          || lease.compareTo(Duration.ofSeconds(1)) < 0
          || poll.isNegative()
          || poll.isZero()
          || poll.compareTo(lease) >= 0) {
        throw new IllegalArgumentException(
            "bad job worker settings: node '" + node + "', lease " + lease + ", poll " + poll);
      }
    }
  }

  private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

  private final JobStore store;
  private final JobCodec codec;
  private final JobCallbacks callbacks;
  private final java.util.function.IntConsumer redelivered;
  private final AdmissionGate gate;
  private final Settings settings;
  private final Clock clock;
  private final Map<String, Claim> held = new ConcurrentHashMap<>();

  /** The sandbox's run id of each job held, once known; {@link #STOPPED} when stopped before. */
  private final Map<String, String> runIds = new ConcurrentHashMap<>();

  private static final String STOPPED = "";
  private final java.util.function.Consumer<String> stopRun;
  private final Semaphore wake = new Semaphore(0);
  private final java.util.concurrent.atomic.AtomicBoolean delivering =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean running;
  private Thread loop;

  public JobWorker(
      JobStore store,
      JobCodec codec,
      JobCallbacks callbacks,
      AdmissionGate gate,
      Settings settings,
      Clock clock,
      java.util.function.IntConsumer redelivered,
      java.util.function.Consumer<String> stopRun) {
    this.redelivered = redelivered;
    this.stopRun = stopRun;
    this.store = store;
    this.codec = codec;
    this.callbacks = callbacks;
    this.gate = gate;
    this.settings = settings;
    this.clock = clock;
  }

  /** Queues again what this node held when it last stopped, then starts the rounds. */
  public void start() {
    int own = store.requeueOwn(settings.node());
    if (own > 0) {
      log.info("jobs: {} job(s) this node held when it stopped are queued again", own);
    }
    running = true;
    loop = Thread.ofPlatform().daemon().name("runbox-jobs").start(this::rounds);
  }

  /** A job was submitted here: the next round starts now. */
  public void wake() {
    wake.release();
  }

  /** The job was cancelled: if this node runs it, its run stops now. */
  public void cancelled(String jobId) {
    if (held.containsKey(jobId)) {
      stop(jobId);
    }
  }

  /** Stops the job's run, once; a run not started yet is stopped as it starts. */
  private void stop(String jobId) {
    String runId = runIds.put(jobId, STOPPED);
    if (runId != null && !runId.equals(STOPPED)) {
      log.info("jobs: job {} is no longer this node's to run; stopping run {}", jobId, runId);
      stopRun.accept(runId);
    }
  }

  /** The job's run has this id; it is stopped at once if the job was already taken from it. */
  private void started(String jobId, String runId) {
    if (STOPPED.equals(runIds.putIfAbsent(jobId, runId))) {
      stopRun.accept(runId);
    }
  }

  /** Jobs held here that the store says are no longer this node's attempt: their runs stop. */
  private void watchHeld() {
    List<Claim> mine = List.copyOf(held.values());
    Set<String> still = store.held(settings.node(), mine);
    for (Claim c : mine) {
      if (!still.contains(c.jobId())) {
        stop(c.jobId());
      }
    }
  }

  /** Jobs this node runs now. */
  public int running() {
    return held.size();
  }

  private void rounds() {
    Instant renewed = clock.instant();
    Instant purged = Instant.MIN;
    while (running) {
      try {
        int again = store.requeueExpired();
        if (again > 0) {
          log.info("jobs: {} job(s) whose lease lapsed queued again", again);
          redelivered.accept(again);
        }
        int free = gate.free();
        if (free > 0) {
          store.claim(settings.node(), free, settings.lease()).forEach(this::start);
        }
        watchHeld();
        deliverCallbacks();
        Instant now = clock.instant();
        if (!held.isEmpty() && !now.isBefore(renewed.plus(settings.lease().dividedBy(3)))) {
          renew();
          renewed = now;
        }
        if (purged == Instant.MIN || !now.isBefore(purged.plus(PURGE_EVERY))) {
          int gone = store.purge(now.minus(settings.retention()));
          if (gone > 0) {
            log.info("jobs: {} job(s) older than the retention purged", gone);
          }
          purged = now;
        }
      } catch (RuntimeException e) {
        log.warn(
            "jobs: a round failed (the store unreachable?); the next one retries: {}",
            e.toString());
      }
      try {
        if (wake.tryAcquire(settings.poll().toMillis(), TimeUnit.MILLISECONDS)) {
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** On a thread of their own, one round at a time: a slow receiver never holds the claims back. */
  private void deliverCallbacks() {
    if (delivering.compareAndSet(false, true)) {
      Thread.ofVirtual()
          .name("runbox-callbacks")
          .start(
              () -> {
                try {
                  callbacks.deliverDue();
                } catch (RuntimeException e) {
                  log.warn(
                      "jobs: delivering callbacks failed; the next round retries: {}",
                      e.toString());
                } finally {
                  delivering.set(false);
                }
              });
    }
  }

  private void renew() {
    List<Claim> mine = List.copyOf(held.values());
    Set<String> still = store.renew(settings.node(), mine, settings.lease());
    for (Claim c : mine) {
      if (!still.contains(c.jobId()) && held.containsKey(c.jobId())) {
        log.info(
            "jobs: job {} attempt {} lost its lease (cancelled, or given to another node); its"
                + " result will be refused",
            c.jobId(),
            c.attempt());
      }
    }
  }

  private void start(Claim c) {
    held.put(c.jobId(), c);
    Thread.ofVirtual().name("runbox-job-" + c.jobId()).start(() -> run(c));
  }

  private void run(Claim c) {
    try {
      String result = codec.execute(c.kind(), c.request(), runId -> started(c.jobId(), runId));
      if (!record(c, JobStatus.DONE, Optional.of(result), Optional.empty())) {
        log.info(
            "jobs: job {} attempt {} ended after losing its lease; result dropped",
            c.jobId(),
            c.attempt());
      }
    } catch (CapacityExceededException e) {
      store.release(c);
    } catch (RuntimeException e) {
      log.warn("jobs: job {} attempt {} failed: {}", c.jobId(), c.attempt(), e.toString());
      record(c, JobStatus.FAILED, Optional.empty(), Optional.of(String.valueOf(e.getMessage())));
    } finally {
      held.remove(c.jobId());
      runIds.remove(c.jobId());
      wake();
    }
  }

  /**
   * Writes an attempt's end. While the store is unreachable the end is kept and written again every
   * poll (the claim stays held, so its lease is renewed once the store is back), for at most a
   * lease: after that the job is another attempt's. The store's failure is never the job's.
   */
  private boolean record(
      Claim c, JobStatus status, Optional<String> result, Optional<String> error) {
    Instant until = clock.instant().plus(settings.lease());
    while (true) {
      try {
        return store.complete(c, status, result, error);
      } catch (JobStoreException e) {
        if (!clock.instant().isBefore(until)) {
          log.warn(
              "jobs: job {} attempt {} ended but the store stayed unreachable; it runs again once"
                  + " its lease lapses: {}",
              c.jobId(),
              c.attempt(),
              e.toString());
          return false;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(settings.poll().toNanos());
      }
    }
  }

  /**
   * Stops claiming, waits (bounded by the drain) for the running jobs, and gives back those still
   * running, queued again for any node.
   */
  @Override
  public void close() {
    running = false;
    wake();
    if (loop != null) {
      try {
        loop.join(settings.poll().multipliedBy(2).plusSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Instant until = clock.instant().plus(settings.drain());
    while (!held.isEmpty() && clock.instant().isBefore(until)) {
      try {
        if (wake.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Claim c : List.copyOf(held.values())) {
      if (store.release(c)) {
        log.info("jobs: job {} given back as the node stops", c.jobId());
      }
    }
  }
}
