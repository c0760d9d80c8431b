package dev.runbox.sandbox.docker;

import dev.runbox.core.CapturedBytes;
import java.util.Arrays;

/**
 * Keeps the first {@code cap} bytes written to it and counts the rest, so a stream can be drained
 * to its end while the heap holds no more than the cap.
 */
final class CappedBuffer {
  private final int cap;
  private byte[] data = new byte[0];
  private int size;
  private long dropped;

  CappedBuffer(int cap) {
    if (cap < 0) {
      throw new IllegalArgumentException("cap must not be negative: " + cap);
    }
    this.cap = cap;
  }

  synchronized void write(byte[] chunk) {
    int room = cap - size;
    int take = Math.min(room, chunk.length);
    if (take > 0) {
      if (size + take > data.length) {
        data = Arrays.copyOf(data, Math.min(cap, Math.max(size + take, data.length * 2)));
      }
      System.arraycopy(chunk, 0, data, size, take);
      size += take;
    }
    dropped += chunk.length - take;
  }

  synchronized long totalSeen() {
    return size + dropped;
  }

  synchronized CapturedBytes captured() {
    return new CapturedBytes(Arrays.copyOf(data, size), dropped > 0);
  }
}
