package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.CapturedBytes;
import dev.runbox.core.HarvestedFile;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every row of the table from what the sandbox observed to what the run did; no Docker. */
class RunReportTest {
  private static final Duration LIMIT = Duration.ofSeconds(2);
  private static final long PAST_LIMIT = 2_050;
  private static final long WITHIN_LIMIT = 300;
  private static final CgroupStats COUNTED = new CgroupStats(40, 5_000_000, 0, 0);
  private static final HarvestedFile FILE =
      new HarvestedFile("out.txt", 5, "0".repeat(64), text("kept\n"), false);

  private final RunReport report = new RunReport("run-1", LIMIT);

  @Test
  void aReportedRunKeepsItsStatusStreamsFilesAndCounters() {
    SandboxResult r = report.reported(complete(3, WITHIN_LIMIT, COUNTED, true));

    assertThat(r.exitStatus()).isEqualTo(3);
    assertThat(r.stdout().text()).isEqualTo("out\n");
    assertThat(r.stderr().text()).isEqualTo("err\n");
    assertThat(r.timeout()).isEqualTo(Timeout.NONE);
    assertThat(r.oomKilled()).isFalse();
    assertThat(r.files()).containsExactly(FILE);
    assertThat(r.filesComplete()).isTrue();
    assertThat(r.usage()).isEqualTo(new Usage(WITHIN_LIMIT, 40, 5_000_000));
  }

  @Test
  void exit124AtOrPastTheLimitIsTheInnerTimerEndingTheCommandWithTerm() {
    SandboxResult r = report.reported(complete(124, LIMIT.toMillis(), COUNTED, true));

    assertThat(r.timeout()).isEqualTo(Timeout.INNER);
    assertThat(r.exitStatus()).isEqualTo(124);
  }

  @Test
  void exit137PastTheLimitIsTheInnerTimersKillAfter() {
    SandboxResult r = report.reported(complete(137, PAST_LIMIT + 1000, COUNTED, true));

    assertThat(r.timeout()).isEqualTo(Timeout.INNER);
    assertThat(r.exitStatus()).isEqualTo(137);
  }

  @Test
  void exit124WithinTheLimitIsTheProgramsOwnStatusNotATimeout() {
    SandboxResult r = report.reported(complete(124, WITHIN_LIMIT, COUNTED, true));

    assertThat(r.timeout()).isEqualTo(Timeout.NONE);
    assertThat(r.timedOut()).isFalse();
    assertThat(r.exitStatus()).isEqualTo(124);
  }

  @Test
  void anOomKillInTheCgroupsCounterMarksTheRunOomKilled() {
    SandboxResult r =
        report.reported(complete(137, WITHIN_LIMIT, new CgroupStats(40, 128L << 20, 1, 0), true));

    assertThat(r.oomKilled()).isTrue();
    assertThat(r.timeout()).isEqualTo(Timeout.NONE);
  }

  @Test
  void countersTheCgroupDidNotHaveAreReportedAsUnknown() {
    SandboxResult r = report.reported(complete(0, WITHIN_LIMIT, CgroupStats.parse(""), false));

    assertThat(r.usage()).isEqualTo(new Usage(WITHIN_LIMIT, Usage.UNKNOWN, Usage.UNKNOWN));
    assertThat(r.oomKilled()).isFalse();
    assertThat(r.filesComplete()).isFalse();
  }

  @Test
  void
      aRunCutOffByTheOuterDeadlineInARunningContainerIsAnOuterTimeoutWithStatus137AndNothingTakenBack() {
    SandboxResult r =
        report.cutOff(new Runner.CutOff(text("started\n"), text(""), 4_000), Optional.empty());

    assertThat(r.exitStatus()).isEqualTo(RunReport.KILLED).isEqualTo(137);
    assertThat(r.timeout()).isEqualTo(Timeout.OUTER);
    assertThat(r.stdout().text()).isEqualTo("started\n");
    assertThat(r.oomKilled()).isFalse();
    assertThat(r.files()).isEmpty();
    assertThat(r.filesComplete()).isFalse();
    assertThat(r.usage()).isEqualTo(new Usage(4_000, Usage.UNKNOWN, Usage.UNKNOWN));
  }

  @Test
  void aRunCutOffInAContainerThatDiedTakesTheOomFlagFromTheEngine() {
    SandboxResult r =
        report.cutOff(
            new Runner.CutOff(text(""), text(""), WITHIN_LIMIT),
            Optional.of(new Containers.Stopped(true)));

    assertThat(r.exitStatus()).isEqualTo(137);
    assertThat(r.oomKilled()).isTrue();
    assertThat(r.timeout()).isEqualTo(Timeout.NONE);
    assertThat(r.files()).isEmpty();
    assertThat(r.filesComplete()).isFalse();
    assertThat(r.usage()).isEqualTo(new Usage(WITHIN_LIMIT, Usage.UNKNOWN, Usage.UNKNOWN));
  }

  @Test
  void aContainerThatDiedPastTheLimitCountsAsTheInnerTimer() {
    SandboxResult r =
        report.cutOff(
            new Runner.CutOff(text(""), text(""), PAST_LIMIT),
            Optional.of(new Containers.Stopped(false)));

    assertThat(r.exitStatus()).isEqualTo(137);
    assertThat(r.oomKilled()).isFalse();
    assertThat(r.timeout()).isEqualTo(Timeout.INNER);
  }

  @Test
  void noTrailerFromADeadContainerIsStatus137WithTheEnginesOomFlagAndNoFiles() {
    SandboxResult r =
        report.dead(
            new Runner.NoTrailer(text("bye\n"), text(""), WITHIN_LIMIT, 1),
            new Containers.Stopped(true));

    assertThat(r.exitStatus()).isEqualTo(137);
    assertThat(r.oomKilled()).isTrue();
    assertThat(r.stdout().text()).isEqualTo("bye\n");
    assertThat(r.files()).isEmpty();
    assertThat(r.filesComplete()).isFalse();
    assertThat(r.usage().cpuMs()).isEqualTo(Usage.UNKNOWN);
  }

  @Test
  void noTrailerWithProcessesLeftOverIsAnOuterTimeoutWithStatus137AndTheFilesTakenBack() {
    Harvest.Taken taken =
        new Harvest.Taken(List.of(FILE), true, new CgroupStats(900, 7_000_000, 1, 3));

    SandboxResult r =
        report.fromOutside(new Runner.NoTrailer(text("defeating\n"), text(""), 8_000, 137), taken);

    assertThat(r.exitStatus()).isEqualTo(137);
    assertThat(r.timeout()).isEqualTo(Timeout.OUTER);
    assertThat(r.oomKilled()).isTrue();
    assertThat(r.files()).containsExactly(FILE);
    assertThat(r.filesComplete()).isTrue();
    assertThat(r.usage()).isEqualTo(new Usage(8_000, 900, 7_000_000));
  }

  @Test
  void processesTheContainersFirstProcessFoundAndKilledCountAsLeftOver() {
    Harvest.Taken taken =
        new Harvest.Taken(List.of(FILE), true, new CgroupStats(900, 7_000_000, 0, 0));

    SandboxResult r =
        report.fromOutside(
            new Runner.NoTrailer(text("defeating\n"), text(""), WITHIN_LIMIT, 137, 2), taken);

    assertThat(r.exitStatus()).isEqualTo(137);
    assertThat(r.timeout()).isEqualTo(Timeout.OUTER);
    assertThat(r.files()).containsExactly(FILE);
  }

  @Test
  void theFirstProcessSaysGoneWithTheWrappersStatusAndItsCount() throws Exception {
    java.util.Optional<Runner.Header> h =
        Runner.Header.read(
            new java.io.ByteArrayInputStream(
                "125\n## leftovers\n3\n## gone\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

    assertThat(h).isPresent();
    assertThat(h.get().gone()).isTrue();
    assertThat(h.get().exitStatus()).isEqualTo(125);
    assertThat(h.get().stats().leftovers()).isEqualTo(3);
  }

  @Test
  void noTrailerAndNothingLeftOverIsTheExecsOwnStatus() {
    Harvest.Taken taken =
        new Harvest.Taken(List.of(FILE), false, new CgroupStats(12, 3_000_000, 0, 0));

    SandboxResult r =
        report.fromOutside(new Runner.NoTrailer(text("bye\n"), text(""), WITHIN_LIMIT, 137), taken);

    assertThat(r.exitStatus()).isEqualTo(137);
    assertThat(r.timeout()).isEqualTo(Timeout.NONE);
    assertThat(r.oomKilled()).isFalse();
    assertThat(r.files()).containsExactly(FILE);
    assertThat(r.filesComplete()).isFalse();
    assertThat(r.usage()).isEqualTo(new Usage(WITHIN_LIMIT, 12, 3_000_000));
  }

  @Test
  void noTrailerAndNothingLeftOverAfterTheLimitWithExit124IsTheInnerTimer() {
    Harvest.Taken taken = new Harvest.Taken(List.of(), true, COUNTED);

    SandboxResult r =
        report.fromOutside(new Runner.NoTrailer(text(""), text(""), PAST_LIMIT, 124), taken);

    assertThat(r.exitStatus()).isEqualTo(124);
    assertThat(r.timeout()).isEqualTo(Timeout.INNER);
  }

  private static Runner.Complete complete(
      int status, long wallMs, CgroupStats stats, boolean filesComplete) {
    return new Runner.Complete(
        text("out\n"),
        text("err\n"),
        wallMs,
        status,
        stats,
        new TarFiles.Unpacked(List.of(FILE), filesComplete));
  }

  private static CapturedBytes text(String s) {
    return new CapturedBytes(s.getBytes(StandardCharsets.UTF_8), false);
  }
}
