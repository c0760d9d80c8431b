package dev.runbox.sandbox.docker;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The first bytes of a report-mode wrapper's stdout: {@link Wrapper#GO}, printed as soon as the
 * request reached it. Strips them and passes everything after them on; whether they came tells a
 * run that never started (the exec ended before its request arrived) from one that did.
 */
final class GoSignal implements Consumer<byte[]> {
  private final Consumer<byte[]> next;
  private final byte[] head = new byte[Wrapper.GO.length];
  private int have;
  private volatile boolean seen;

  GoSignal(Consumer<byte[]> next) {
    this.next = next;
  }

  @Override
  public synchronized void accept(byte[] chunk) {
    if (have == head.length) {
      next.accept(chunk);
      return;
    }
    int n = Math.min(head.length - have, chunk.length);
    System.arraycopy(chunk, 0, head, have, n);
    have += n;
    if (have < head.length) {
      return;
    }
    seen = Arrays.equals(head, Wrapper.GO);
    if (!seen) {
      next.accept(head.clone());
    }
    if (n < chunk.length) {
      next.accept(Arrays.copyOfRange(chunk, n, chunk.length));
    }
  }

  /** True once the wrapper said its request reached it. */
  boolean seen() {
    return seen;
  }
}
