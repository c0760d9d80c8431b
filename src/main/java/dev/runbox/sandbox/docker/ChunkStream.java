package dev.runbox.sandbox.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An input stream fed with chunks by another thread (the engine's callback), through a bounded
 * queue: a slow reader holds the writer back instead of growing the heap. Every wait is bounded.
 */
final class ChunkStream extends InputStream {
  private static final byte[] END = new byte[0];
  private final BlockingQueue<byte[]> chunks;
  private final Duration maxWait;
  private byte[] current = new byte[0];
  private int pos;
  private boolean ended;
  private volatile boolean abandoned;

  /** A chunk could not be queued in time: the stream has a hole, and its reader must fail. */
  private volatile boolean lost;

  ChunkStream(int maxChunks, Duration maxWait) {
    this.chunks = new ArrayBlockingQueue<>(maxChunks);
    this.maxWait = maxWait;
  }

  /**
   * Called by the writer; returns false when the reader has gone or did not keep up in time (then
   * every later chunk is dropped too, and the reader fails once it has read what came before). The
   * chunk is copied: the engine client may reuse its buffer for the next frame.
   */
  boolean offer(byte[] chunk) {
    if (abandoned || lost) {
      return false;
    }
    if (chunk.length == 0) {
      return true;
    }
    if (!put(chunk.clone())) {
      lost = true;
      return false;
    }
    return true;
  }

  void end() {
    if (!abandoned && !lost && !put(END)) {
      lost = true;
    }
  }

  private boolean put(byte[] chunk) {
    try {
      return chunks.offer(chunk, maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (pos == current.length) {
      if (ended) {
        return -1;
      }
      next();
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  private void next() throws IOException {
    try {
      byte[] chunk = chunks.poll();
      if (chunk == null && !lost) {
        chunk = chunks.poll(maxWait.toMillis(), TimeUnit.MILLISECONDS);
      }
      if (chunk == null && lost) {
        throw new IOException("the stream lost data: its reader did not keep up");
      }
      if (chunk == null) {
        throw new IOException("no data from the engine within " + maxWait.toMillis() + " ms");
      }
      if (chunk == END) {
        ended = true;
      }
      current = chunk;
      pos = 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading from the engine");
    }
  }

  @Override
  public void close() {
    abandoned = true;
    chunks.clear();
  }
}
