package dev.runbox.sandbox.docker;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The stdin of an exec started before its run is known: reads block until the run supplies its
 * request (or the stream is closed, or the bounded wait is over: then it ends), and then come from
 * the request.
 */
final class RequestInput extends InputStream {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final long deadline;
  private InputStream request;
  private boolean closed;

  /**
   * @param maxWait how long a read waits for the request before the stream ends
   */
  RequestInput(Duration maxWait) {
    this.deadline = System.nanoTime() + maxWait.toNanos();
  }

  /** The run's request: what the exec reads from now on. Once only. */
  void supply(InputStream in) {
    lock.lock();
    try {
      if (request != null) {
        throw new IllegalStateException("a request was already supplied");
      }
      request = in;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    InputStream in;
    lock.lock();
    try {
      while (request == null && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return -1;
        }
        changed.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(60)));
      }
      if (closed) {
        return -1;
      }
      in = request;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } finally {
      lock.unlock();
    }
    return in.read(b, off, len);
  }

  /** Ends the stream for the exec, whether or not a request came. */
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
