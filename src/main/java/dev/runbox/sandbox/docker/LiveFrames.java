package dev.runbox.sandbox.docker;

import dev.runbox.core.LiveInput;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A live run's input as the wrapper reads it after the files (see "live" in {@code wrapper.sh}):
 * each event taken from the {@link LiveInput} becomes a frame, {@code d N} and N bytes, {@code e},
 * or {@code s NAME} (the signal's name without its {@code SIG}). Ends when the input finished or
 * let this reader go ({@link LiveInput#detach}).
 */
final class LiveFrames extends InputStream {
  private final LiveInput input;
  private final int epoch;
  private byte[] frame = new byte[0];
  private int at;
  private boolean ended;

  LiveFrames(LiveInput input) {
    this.input = input;
    this.epoch = input.epoch();
  }

  /** The frame for one event. */
  static byte[] frame(LiveInput.Event e) {
    return switch (e) {
      case LiveInput.Data d -> {
        byte[] data = d.bytes();
        byte[] head = ("d " + data.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] f = new byte[head.length + data.length];
        System.arraycopy(head, 0, f, 0, head.length);
        System.arraycopy(data, 0, f, head.length, data.length);
        yield f;
      }
      case LiveInput.EndOfInput x -> "e\n".getBytes(StandardCharsets.US_ASCII);
      case LiveInput.Signal s ->
          ("s " + s.name().substring("SIG".length()) + "\n").getBytes(StandardCharsets.US_ASCII);
    };
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
    while (at == frame.length) {
      if (ended) {
        return -1;
      }
      Optional<LiveInput.Event> next;
      try {
        next = input.take(epoch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        next = Optional.empty();
      }
      if (next.isEmpty()) {
        ended = true;
        return -1;
      }
      frame = frame(next.get());
      at = 0;
    }
    int n = Math.min(len, frame.length - at);
    System.arraycopy(frame, at, b, off, n);
    at += n;
    return n;
  }
}
