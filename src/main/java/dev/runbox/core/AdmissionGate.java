package dev.runbox.core;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps how many runs hold a sandbox at once and how many may wait for one. A run beyond both is
 * refused at once; a waiting run that gets no slot within the queue timeout is refused too.
 */
public final class AdmissionGate {
  private final Semaphore slots;
  private final int maxWaiting;
  private final Duration maxWait;
  private final AtomicInteger waiting = new AtomicInteger();

  public AdmissionGate(int maxRunning, int maxWaiting, Duration maxWait) {
    if (maxRunning < 1 || maxWaiting < 0 || maxWait.isNegative()) {
      throw new IllegalArgumentException(
          "bad admission bounds: " + maxRunning + "/" + maxWaiting + "/" + maxWait);
    }
    this.slots = new Semaphore(maxRunning, true);
    this.maxWaiting = maxWaiting;
    this.maxWait = maxWait;
  }

  /** A held slot; closing it gives the slot back. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  public Permit enter() {
    if (slots.tryAcquire()) {
      return slots::release;
    }
    if (waiting.incrementAndGet() > maxWaiting) {
      waiting.decrementAndGet();
      throw full("all sandboxes are busy and the queue is full");
    }
    try {
      if (!slots.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw full("no sandbox became free within " + maxWait.toSeconds() + " s");
      }
      return slots::release;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw full("interrupted while waiting for a sandbox");
    } finally {
      waiting.decrementAndGet();
    }
  }

  private CapacityExceededException full(String why) {
    return new CapacityExceededException(why, Duration.ofSeconds(Math.max(1, maxWait.toSeconds())));
  }

  /** Slots free right now (a background worker takes at most these, leaving waiters none). */
  public int free() {
    return waiting.get() > 0 ? 0 : slots.availablePermits();
  }

  public int waiting() {
    return waiting.get();
  }

  public int running(int maxRunning) {
    return maxRunning - slots.availablePermits();
  }
}
