package dev.runbox.http;

import dev.runbox.core.CapacityExceededException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Bounds the request bodies held in memory at once, whatever the number of connections: a request
 * holds the bytes it declares (the largest body size when it declares none) from before its body is
 * read until its response is written. When the budget is spent, 429 and Retry-After.
 */
final class BodyBudget {
  private static final String HELD = "runbox.body-budget-kib";
  private final Semaphore kib;
  private final long totalKib;
  private final long maxBodyBytes;

  BodyBudget(long totalBytes, long maxBodyBytes) {
    if (totalBytes < maxBodyBytes || maxBodyBytes < 1) {
      throw new IllegalArgumentException(
          "the body budget " + totalBytes + " must hold one body of " + maxBodyBytes + " bytes");
    }
    this.totalKib = ceilKib(totalBytes);
    this.kib = new Semaphore((int) Math.min(Integer.MAX_VALUE, totalKib));
    this.maxBodyBytes = maxBodyBytes;
  }

  private static long ceilKib(long bytes) {
    return (bytes + 1023) / 1024;
  }

  /** Before a POST's handler: takes its share, or refuses the request. */
  void enter(Context ctx) {
    if (ctx.method() != HandlerType.POST) {
      return;
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      return; // refused with 413 before a byte is read
    }
    int want = (int) ceilKib(declared < 0 ? maxBodyBytes : declared);
    if (want == 0) {
      return;
    }
    if (!kib.tryAcquire(want)) {
      throw new CapacityExceededException(
          "request bodies in memory are at their limit of " + totalKib + " KiB (max_bodies_kib)",
          Duration.ofSeconds(1));
    }
    ctx.attribute(HELD, want);
  }

  /** After every request, even a failed one: gives its share back. */
  void leave(Context ctx) {
    Integer held = ctx.attribute(HELD);
    if (held != null) {
      ctx.attribute(HELD, null);
      kib.release(held);
    }
  }

  /** KiB free now. */
  int available() {
    return kib.availablePermits();
  }
}
