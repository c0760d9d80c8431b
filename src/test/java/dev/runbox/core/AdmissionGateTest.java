package dev.runbox.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdmissionGateTest {
  @Test
  void refusesAtOnceWhenEverySlotAndQueuePlaceIsTaken() {
    AdmissionGate gate = new AdmissionGate(1, 0, Duration.ofSeconds(5));
    try (AdmissionGate.Permit held = gate.enter()) {
      assertThatThrownBy(gate::enter)
          .isInstanceOf(CapacityExceededException.class)
          .hasMessageContaining("queue is full");
    }
    try (AdmissionGate.Permit again = gate.enter()) {
      assertThat(gate.running(1)).isEqualTo(1);
    }
  }

  @Test
  void aQueuedRunThatGetsNoSlotInTimeIsRefusedWithRetryAfter() {
    AdmissionGate gate = new AdmissionGate(1, 1, Duration.ZERO);
    try (AdmissionGate.Permit held = gate.enter()) {
      assertThatThrownBy(gate::enter)
          .isInstanceOfSatisfying(
              CapacityExceededException.class, e -> assertThat(e.retryAfter()).isPositive());
    }
  }
}
