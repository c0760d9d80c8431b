package dev.runbox.sandbox.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.Closeable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Routes an exec's multiplexed frames to a stdout and a stderr consumer, and signals the end.
 *
 * <p>Waits for the stream's start through {@link #awaitTaken}, never the inherited {@code
 * awaitStarted}: a stream that fails before it starts (the engine went away between the request and
 * its answer) never starts, and {@code awaitStarted} would then wait out its whole timeout while
 * the container it was made for stays behind, created and never started.
 */
final class FrameCallback extends ResultCallback.Adapter<Frame> {
  private final Consumer<byte[]> stdout;
  private final Consumer<byte[]> stderr;
  private final Runnable onEnd;
  private final CountDownLatch settled = new CountDownLatch(1);
  private volatile boolean taken;

  FrameCallback(Consumer<byte[]> stdout, Consumer<byte[]> stderr, Runnable onEnd) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.onEnd = onEnd;
  }

  @Override
  public void onNext(Frame frame) {
    switch (frame.getStreamType()) {
      case STDOUT, RAW -> stdout.accept(frame.getPayload());
      case STDERR -> stderr.accept(frame.getPayload());
      case STDIN -> {}
    }
  }

  @Override
  public void onStart(Closeable stream) {
    super.onStart(stream);
    taken = true;
    settled.countDown();
  }

  /**
   * Waits (bounded) until the engine took the stream, or the stream ended before it was taken.
   *
   * @return true when the engine took it; false when it ended first or the time ran out
   */
  boolean awaitTaken(long timeout, TimeUnit unit) throws InterruptedException {
    return settled.await(timeout, unit) && taken;
  }

  @Override
  public void onComplete() {
    settled.countDown();
    onEnd.run();
    super.onComplete();
  }

  @Override
  public void onError(Throwable throwable) {
    settled.countDown();
    onEnd.run();
    super.onError(throwable);
  }
}
