package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CancelsTest {
  private final Cancels cancels = new Cancels();

  @Test
  void aCancelStopsTheRunsContainerAndThoseOfRunsDerivedFromItButNoOther() {
    assertThat(cancels.serving("job", "c1")).isTrue();
    assertThat(cancels.serving("job-checker", "c2")).isTrue();
    assertThat(cancels.serving("jobber", "c3")).isTrue();
    assertThat(cancels.serving("other", "c4")).isTrue();

    assertThat(cancels.cancel("job")).containsExactlyInAnyOrder("c1", "c2");
  }

  @Test
  void aContainerPlacedAfterTheCancelIsToBeStopped() {
    cancels.cancel("job");

    assertThat(cancels.serving("job-2", "c1")).isFalse();
    assertThat(cancels.serving("jobber", "c2")).isTrue();
    assertThat(cancels.isCancelled("job-checker")).isTrue();
  }

  @Test
  void anEndedRunHasNothingToStop() {
    cancels.serving("job", "c1");
    cancels.ended("job");

    assertThat(cancels.cancel("job")).isEmpty();
  }

  @Test
  void onlyTheLastCancelsAreRemembered() {
    cancels.cancel("first");
    for (int i = 0; i < Cancels.REMEMBERED; i++) {
      cancels.cancel("run" + i);
    }

    assertThat(cancels.isCancelled("first")).isFalse();
    assertThat(cancels.isCancelled("run" + (Cancels.REMEMBERED - 1))).isTrue();
  }
}
