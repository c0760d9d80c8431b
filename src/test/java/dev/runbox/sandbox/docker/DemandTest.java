package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DemandTest {
  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    private Instant now = Instant.parse("2026-11-29T12:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final HandClock clock = new HandClock();
  private final Demand demand = new Demand(clock);

  @Test
  void anImageNoOneAskedForKeepsItsMinimum() {
    assertThat(demand.target(1, 8)).isEqualTo(1);
    assertThat(demand.target(0, 8)).isZero();
  }

  @Test
  void aPersonPressingRunNowAndThenNeedsOneWarmContainerBesideTheRefill() {
    for (int i = 0; i < 10; i++) {
      demand.arrived();
      clock.advance(Duration.ofSeconds(2));
    }
    demand.refilled(Duration.ofMillis(800));
    assertThat(demand.target(1, 8)).isEqualTo(2);
  }

  @Test
  void aBusyImageGrowsWithItsArrivalRateAndTheRefillTimeUpToItsMaximum() {
    for (int i = 0; i < 300; i++) {
      demand.arrived();
      clock.advance(Duration.ofMillis(100));
    }
    for (int i = 0; i < 20; i++) {
      demand.refilled(Duration.ofMillis(500));
    }
    // 10 runs/s while a refill takes about 0.5 s: 5 in flight, plus one
    assertThat(demand.target(1, 16)).isBetween(6, 7);
    assertThat(demand.target(1, 4)).isEqualTo(4);
  }

  @Test
  void anIdleSpellShrinksTheTargetBackToTheMinimum() {
    for (int i = 0; i < 100; i++) {
      demand.arrived();
    }
    assertThat(demand.target(1, 8)).isGreaterThan(1);
    clock.advance(Demand.WINDOW.plusSeconds(1));
    assertThat(demand.target(1, 8)).isEqualTo(1);
  }

  @Test
  void theArrivalsItRemembersAreBounded() {
    for (int i = 0; i < Demand.MAX_ARRIVALS * 2; i++) {
      demand.arrived();
    }
    demand.refilled(Duration.ofSeconds(30));
    assertThat(demand.target(0, 64)).isEqualTo(64);
  }
}
