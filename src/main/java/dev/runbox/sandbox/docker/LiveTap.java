package dev.runbox.sandbox.docker;

import dev.runbox.core.LiveOutput;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Gives one stream's chunks to a {@link LiveOutput} up to the run's output cap, and says once when
 * the cap cut it: what is streamed is never more than what the result keeps.
 */
final class LiveTap implements Consumer<byte[]> {
  private final long cap;
  private final LiveOutput.Stream stream;
  private final LiveOutput to;
  private long sent;
  private boolean cut;

  LiveTap(long cap, LiveOutput.Stream stream, LiveOutput to) {
    this.cap = cap;
    this.stream = stream;
    this.to = to;
  }

  @Override
  public synchronized void accept(byte[] chunk) {
    if (cut || chunk.length == 0) {
      return;
    }
    int give = (int) Math.min(chunk.length, cap - sent);
    if (give > 0) {
      sent += give;
      to.output(stream, give == chunk.length ? chunk : Arrays.copyOf(chunk, give));
    }
    if (give < chunk.length) {
      cut = true;
      to.cut(stream);
    }
  }
}
