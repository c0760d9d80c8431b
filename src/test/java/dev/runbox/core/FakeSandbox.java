package dev.runbox.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A sandbox that runs nothing: it records each job and answers with a canned result, or throws,
 * or blocks until released. Every wait has a timeout so a broken test fails instead of hanging.
 */
public final class FakeSandbox implements Sandbox {
  private static final long WAIT_SECONDS = 30;

  private final AtomicReference<SandboxResult> result = new AtomicReference<>(result(0, "ok\n", ""));
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final List<SandboxJob> jobs = new CopyOnWriteArrayList<>();
  private final AtomicInteger finished = new AtomicInteger();
  private final Semaphore returned = new Semaphore(0);
  private final AtomicInteger interrupted = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile CountDownLatch entered = new CountDownLatch(0);
  private volatile long busyNanos;

  /** A plain result: the status and the two streams, nothing truncated, no files. */
  public static SandboxResult result(int exitStatus, String stdout, String stderr) {
    return new SandboxResult(captured(stdout), captured(stderr), exitStatus, Timeout.NONE, false, List.of(), true,
        new Usage(12, 8, 1_048_576));
  }

  public static CapturedBytes captured(String text) {
    return new CapturedBytes(text.getBytes(StandardCharsets.UTF_8), false);
  }

  public FakeSandbox answer(SandboxResult r) {
    result.set(r);
    return this;
  }

  public FakeSandbox failWith(RuntimeException e) {
    failure.set(e);
    return this;
  }

  /** From now on each run blocks until {@link #release()}; {@link #awaitEntered()} waits for {@code runs} of them. */
  public FakeSandbox blockUntilReleased(int runs) {
    gate = new CountDownLatch(1);
    entered = new CountDownLatch(runs);
    return this;
  }

  /** Each run takes about this long, like a short program (it parks; nothing waits on it). */
  public FakeSandbox takes(Duration d) {
    busyNanos = d.toNanos();
    return this;
  }

  public void release() {
    gate.countDown();
  }

  public void awaitEntered() throws InterruptedException {
    if (!entered.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("the runs did not reach the sandbox within " + WAIT_SECONDS + " s");
    }
  }

  @Override
  public SandboxResult run(SandboxJob job) {
    jobs.add(job);
    entered.countDown();
    try {
      if (!gate.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the fake sandbox was never released");
      }
    } catch (InterruptedException e) {
      interrupted.incrementAndGet();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    long until = System.nanoTime() + busyNanos;
    for (long left = busyNanos; left > 0; left = until - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
    RuntimeException f = failure.get();
    if (f != null) {
      throw f;
    }
    finished.incrementAndGet();
    returned.release();
    return result.get();
  }

  public List<SandboxJob> jobs() {
    return List.copyOf(jobs);
  }

  public SandboxJob lastJob() {
    if (jobs.isEmpty()) {
      throw new AssertionError("no job reached the sandbox");
    }
    return jobs.get(jobs.size() - 1);
  }

  /** Waits until {@code runs} more runs have returned a result. */
  public void awaitFinished(int runs) throws InterruptedException {
    if (!returned.tryAcquire(runs, WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError(runs + " runs did not finish within " + WAIT_SECONDS + " s");
    }
  }

  /** Runs that returned a result. */
  public int finished() {
    return finished.get();
  }

  /** Runs whose thread was interrupted while in the sandbox. */
  public int interrupted() {
    return interrupted.get();
  }
}
