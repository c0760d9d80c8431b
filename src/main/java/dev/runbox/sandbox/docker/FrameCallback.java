package dev.runbox.sandbox.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.util.function.Consumer;

/** Routes an exec's multiplexed frames to a stdout and a stderr consumer, and signals the end. */
final class FrameCallback extends ResultCallback.Adapter<Frame> {
  private final Consumer<byte[]> stdout;
  private final Consumer<byte[]> stderr;
  private final Runnable onEnd;

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
  public void onComplete() {
    onEnd.run();
    super.onComplete();
  }

  @Override
  public void onError(Throwable throwable) {
    onEnd.run();
    super.onError(throwable);
  }
}
