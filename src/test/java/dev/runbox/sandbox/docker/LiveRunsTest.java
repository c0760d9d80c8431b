package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveRunsTest {
  private final LiveRuns live = new LiveRuns();

  @Test
  void aRunIsLiveFromItsRegistrationUntilItsRelease() {
    assertThat(live.isLive("run-1")).isFalse();
    live.register("run-1");
    live.register("pool-2");
    assertThat(live.isLive("run-1")).isTrue();

    live.release("run-1");

    assertThat(live.isLive("run-1")).isFalse();
    assertThat(live.isLive("pool-2")).isTrue();
  }

  @Test
  void releasingALabelThatWasNeverLiveChangesNothing() {
    live.register("run-1");

    live.release("run-2");

    assertThat(live.isLive("run-1")).isTrue();
  }
}
