package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.Limits;
import org.junit.jupiter.api.Test;

class WarmPoolLimitsTest {
  private static final Limits C = new Limits(10, 256, 1.0, 64, 64, 50, 256);

  @Test
  void aRunWhoseTimeOrOutputCapDiffersTakesTheSameContainer() {
    assertThat(WarmPool.sameContainer(C, C)).isTrue();
    assertThat(WarmPool.sameContainer(C, new Limits(20, 256, 1.0, 64, 64, 50, 256))).isTrue();
    assertThat(WarmPool.sameContainer(C, new Limits(10, 256, 1.0, 64, 64, 100, 256))).isTrue();
  }

  @Test
  void aRunWithOtherContainerLimitsDoesNot() {
    assertThat(WarmPool.sameContainer(C, new Limits(10, 512, 1.0, 64, 64, 50, 256))).isFalse();
    assertThat(WarmPool.sameContainer(C, new Limits(10, 256, 0.5, 64, 64, 50, 256))).isFalse();
    assertThat(WarmPool.sameContainer(C, new Limits(10, 256, 1.0, 128, 64, 50, 256))).isFalse();
    assertThat(WarmPool.sameContainer(C, new Limits(10, 256, 1.0, 64, 32, 50, 256))).isFalse();
    assertThat(WarmPool.sameContainer(C, new Limits(10, 256, 1.0, 64, 64, 50, 128))).isFalse();
  }
}
