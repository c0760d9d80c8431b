package dev.runbox.sandbox.docker;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Splits a stream of chunks at the first occurrence of a marker (found across chunk boundaries, in
 * one pass, whatever precedes it): the bytes before it go to one consumer, the bytes after it to
 * another, the marker itself to neither. Settles when the marker is found or the stream ends.
 */
final class MarkerSplitter implements Consumer<byte[]> {
  private final byte[] marker;
  private final int[] border;
  private final Consumer<byte[]> before;
  private final Consumer<byte[]> after;
  private final CountDownLatch settled = new CountDownLatch(1);
  private int matched;
  private volatile boolean found;
  private boolean ended;

  MarkerSplitter(byte[] marker, Consumer<byte[]> before, Consumer<byte[]> after) {
    if (marker.length == 0) {
      throw new IllegalArgumentException("the marker must not be empty");
    }
    this.marker = marker.clone();
    this.border = borders(this.marker);
    this.before = before;
    this.after = after;
  }

  /**
   * KMP: for each prefix length i+1, the length of its longest proper prefix that is also its
   * suffix.
   */
  private static int[] borders(byte[] m) {
    int[] b = new int[m.length];
    for (int i = 1, k = 0; i < m.length; i++) {
      while (k > 0 && m[i] != m[k]) {
        k = b[k - 1];
      }
      if (m[i] == m[k]) {
        k++;
      }
      b[i] = k;
    }
    return b;
  }

  @Override
  public synchronized void accept(byte[] chunk) {
    if (ended) {
      return;
    }
    if (found) {
      after.accept(chunk);
      return;
    }
    byte[] out = new byte[chunk.length + marker.length];
    int n = 0;
    for (int i = 0; i < chunk.length; i++) {
      byte b = chunk[i];
      while (matched > 0 && b != marker[matched]) {
        // The held-back partial match cannot continue: release the part that no longer can.
        int k = border[matched - 1];
        System.arraycopy(marker, 0, out, n, matched - k);
        n += matched - k;
        matched = k;
      }
      if (b == marker[matched]) {
        matched++;
      } else {
        out[n++] = b;
      }
      if (matched == marker.length) {
        found = true;
        emit(out, n);
        settled.countDown();
        if (i + 1 < chunk.length) {
          after.accept(Arrays.copyOfRange(chunk, i + 1, chunk.length));
        }
        return;
      }
    }
    emit(out, n);
  }

  private void emit(byte[] out, int n) {
    if (n > 0) {
      before.accept(Arrays.copyOf(out, n));
    }
  }

  /** The stream ended: a partial match held back was output after all. */
  synchronized void end() {
    if (!found && !ended) {
      emit(Arrays.copyOf(marker, matched), matched);
      matched = 0;
    }
    ended = true;
    settled.countDown();
  }

  /**
   * Waits (bounded) until the marker was found or the stream ended; false when neither happened in
   * time.
   */
  boolean awaitSettled(Duration timeout) {
    try {
      return settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Whether the marker was found. Not synchronized: the writer may be blocked in {@code after} (a
   * full queue its reader is about to drain) while holding the lock, and the reader asks this
   * first.
   */
  boolean found() {
    return found;
  }
}
