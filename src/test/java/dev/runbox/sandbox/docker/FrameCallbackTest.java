package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FrameCallbackTest {
  private final AtomicInteger ends = new AtomicInteger();
  private final FrameCallback callback = new FrameCallback(b -> {}, b -> {}, ends::incrementAndGet);

  @Test
  void aStreamTheEngineTookIsTaken() throws Exception {
    callback.onStart(() -> {});
    assertThat(callback.awaitTaken(0, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aStreamThatFailsBeforeItStartsIsNotTakenAndTheWaitEndsThen() throws Exception {
    callback.onError(new IOException("the engine went away"));
    // The whole timeout would be an hour: the wait must end with the error, not with the clock.
    assertThat(callback.awaitTaken(1, TimeUnit.HOURS)).isFalse();
    assertThat(ends).hasValue(1);
  }

  @Test
  void aStreamThatEndsBeforeItStartsIsNotTaken() throws Exception {
    callback.onComplete();
    assertThat(callback.awaitTaken(1, TimeUnit.HOURS)).isFalse();
  }

  @Test
  void aStreamNotYetStartedIsNotTakenWhenTheTimeRunsOut() throws Exception {
    assertThat(callback.awaitTaken(10, TimeUnit.MILLISECONDS)).isFalse();
  }
}
