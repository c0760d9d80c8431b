package dev.runbox.sandbox.docker;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The stdin of a session's exec: reads block until the next step's request is offered, then come
 * from it; the stream ends when closed or when the session's time is up. One request at a time: the
 * next is offered only after the step before it reported.
 */
final class StepInput extends InputStream {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final long deadline;
  private byte[] pending = new byte[0];
  private int at;
  private boolean closed;

  /**
   * @param lifetime how long the stream may wait for requests, in all, before it ends
   */
  StepInput(Duration lifetime) {
    this.deadline = System.nanoTime() + lifetime.toNanos();
  }

  /** The next step's request. */
  void offer(byte[] request) {
    lock.lock();
    try {
      if (at < pending.length) {
        throw new IllegalStateException("the step before was not read in full");
      }
      pending = request.clone();
      at = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    lock.lock();
    try {
      while (at >= pending.length && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return -1;
        }
        changed.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(60)));
      }
      if (closed) {
        return -1;
      }
      int n = Math.min(len, pending.length - at);
      System.arraycopy(pending, at, b, off, n);
      at += n;
      return n;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } finally {
      lock.unlock();
    }
  }

  /** Ends the stream. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
