package dev.runbox.core.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Command;
import dev.runbox.core.FileSet;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictsTest {
  private static final Optional<Duration> ONE_SECOND_CPU = Optional.of(Duration.ofSeconds(1));
  private static final Optional<Duration> NO_CPU_LIMIT = Optional.empty();
  private static final Checker CHECKER =
      new Checker("python", new FileSet(List.of()), new Command.Shell("python3 check.py"));

  private static Judgement judge(Runs r) {
    return judge(r, NO_CPU_LIMIT);
  }

  private static Judgement judge(Runs r, Optional<Duration> cpu) {
    return Verdicts.judge(r.run(), cpu, Compare.DEFAULT, "3\n");
  }

  private static Verdict verdict(Runs r, Optional<Duration> cpu) {
    return judge(r, cpu).verdict();
  }

  // how a run ended, row by row of the precedence

  @Test
  void acceptsARunThatEndedWellWithTheRightOutput() {
    assertThat(judge(Runs.clean("3\n"))).isEqualTo(Judgement.of(Verdict.ACCEPTED));
  }

  @Test
  void givesAWrongAnswerWithTheDifferenceForTheWrongOutput() {
    assertThat(judge(Runs.clean("4\n")))
        .isEqualTo(Judgement.wrongAnswer(new Difference(1, 1, "3", "4")));
  }

  @Test
  void givesARuntimeErrorForANonZeroExitEvenWithTheRightOutput() {
    assertThat(judge(Runs.clean("3\n").status(1)).verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
  }

  @Test
  void givesARuntimeErrorWithTheSignalForACrash() {
    TestRun segv = Runs.clean("").status(139).run();

    assertThat(Verdicts.judge(segv, NO_CPU_LIMIT, Compare.DEFAULT, "3\n").verdict())
        .isEqualTo(Verdict.RUNTIME_ERROR);
    assertThat(segv.signal()).contains("SIGSEGV");
  }

  @Test
  void anOutputLimitComesBeforeARuntimeError() {
    assertThat(verdict(Runs.clean("3\n").truncated().status(141), NO_CPU_LIMIT))
        .isEqualTo(Verdict.OUTPUT_LIMIT);
  }

  @Test
  void anOutputLimitComesBeforeTheComparison() {
    assertThat(verdict(Runs.clean("3\n").truncated(), NO_CPU_LIMIT))
        .isEqualTo(Verdict.OUTPUT_LIMIT);
  }

  @Test
  void aFloodOfStderrAloneIsNoOutputLimit() {
    TestRun run =
        new TestRun(
            0,
            Timeout.NONE,
            false,
            new CapturedBytes("3\n".getBytes(), false),
            new CapturedBytes("x".repeat(100).getBytes(), true),
            new Usage(1, 1, 1));

    assertThat(Verdicts.judge(run, NO_CPU_LIMIT, Compare.DEFAULT, "3\n").verdict())
        .isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void aMemoryLimitComesBeforeAnOutputLimit() {
    assertThat(verdict(Runs.clean("").oom().truncated().status(137), NO_CPU_LIMIT))
        .isEqualTo(Verdict.MEMORY_LIMIT);
  }

  @Test
  void aFloodThatTheWallClockStoppedIsAnOutputLimit() {
    assertThat(verdict(Runs.clean("").truncated().timeout(Timeout.INNER).status(124), NO_CPU_LIMIT))
        .isEqualTo(Verdict.OUTPUT_LIMIT);
  }

  @Test
  void aWallTimeLimitComesBeforeAMemoryLimit() {
    assertThat(judge(Runs.clean("").oom().timeout(Timeout.INNER).status(124)))
        .isEqualTo(Judgement.timeLimit(TimeLimit.WALL));
  }

  @Test
  void eitherTimerFiringIsAWallTimeLimit() {
    assertThat(judge(Runs.clean("").timeout(Timeout.INNER).status(124)).limit())
        .contains(TimeLimit.WALL);
    assertThat(judge(Runs.clean("").timeout(Timeout.OUTER).status(137)).limit())
        .contains(TimeLimit.WALL);
  }

  @Test
  void aCpuTimeLimitComesBeforeTheWallClock() {
    assertThat(judge(Runs.clean("").cpuMs(1500).timeout(Timeout.INNER).status(124), ONE_SECOND_CPU))
        .isEqualTo(Judgement.timeLimit(TimeLimit.CPU));
  }

  @Test
  void aProgramOverItsCpuTimeIsATimeLimitEvenWhenItFinished() {
    assertThat(judge(Runs.clean("3\n").cpuMs(1001), ONE_SECOND_CPU).limit())
        .contains(TimeLimit.CPU);
  }

  @Test
  void aProgramAtItsCpuTimeIsNotOver() {
    assertThat(verdict(Runs.clean("3\n").cpuMs(1000), ONE_SECOND_CPU)).isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void sigxcpuUnderACpuLimitIsACpuTimeLimit() {
    assertThat(judge(Runs.clean("").status(152).cpuMs(900), ONE_SECOND_CPU).limit())
        .contains(TimeLimit.CPU);
  }

  @Test
  void withoutACpuLimitCpuTimeAndSigxcpuAreNoTimeLimit() {
    assertThat(verdict(Runs.clean("3\n").cpuMs(50_000), NO_CPU_LIMIT)).isEqualTo(Verdict.ACCEPTED);
    assertThat(verdict(Runs.clean("").status(152), NO_CPU_LIMIT)).isEqualTo(Verdict.RUNTIME_ERROR);
  }

  @Test
  void aCpuTimeUnmeasuredIsNotOver() {
    assertThat(
            judge(
                Runs.clean("").cpuMs(Usage.UNKNOWN).timeout(Timeout.OUTER).status(137),
                ONE_SECOND_CPU))
        .isEqualTo(Judgement.timeLimit(TimeLimit.WALL));
  }

  @Test
  void runboxsOwnFaultComesFirstOfAll() {
    Runs everything =
        Runs.clean("")
            .fault("restore failed")
            .cpuMs(5000)
            .timeout(Timeout.INNER)
            .oom()
            .truncated()
            .status(139);

    assertThat(judge(everything, ONE_SECOND_CPU)).isEqualTo(Judgement.of(Verdict.INTERNAL_ERROR));
  }

  @Test
  void theEndingIsEmptyWhenTheOutputIsToBeJudged() {
    assertThat(Verdicts.ofEnding(Runs.clean("anything").run(), ONE_SECOND_CPU)).isEmpty();
  }

  // the checker

  private static Judgement check(Runs checker) {
    return Verdicts.ofChecker(CHECKER, checker.run());
  }

  @Test
  void aCheckerExitingZeroAcceptsWithItsStderrAsTheMessage() {
    assertThat(check(Runs.clean("out").stderr("ok 3 numbers\n")))
        .isEqualTo(Judgement.checked(Verdict.ACCEPTED, "ok 3 numbers"));
  }

  @Test
  void aCheckerExitingOneIsAWrongAnswerWithItsStdoutWhenStderrIsEmpty() {
    assertThat(check(Runs.clean("expected 3, found 4\n").status(1)))
        .isEqualTo(Judgement.checked(Verdict.WRONG_ANSWER, "expected 3, found 4"));
  }

  @Test
  void aSilentCheckerGivesNoMessage() {
    assertThat(check(Runs.clean(""))).isEqualTo(Judgement.of(Verdict.ACCEPTED));
  }

  @Test
  void aCheckerExitingOtherwiseIsAnInternalErrorNamingIt() {
    Judgement j = check(Runs.clean("").status(2).stderr("FAIL bad input"));

    assertThat(j.verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
    assertThat(j.checkerMessage().orElseThrow())
        .contains("python3 check.py")
        .contains("exit status 2")
        .contains("FAIL bad input");
  }

  @Test
  void aCrashingCheckerIsAnInternalErrorNamingTheSignal() {
    Judgement j = check(Runs.clean("").status(139));

    assertThat(j.verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
    assertThat(j.checkerMessage().orElseThrow()).contains("SIGSEGV");
  }

  @Test
  void aCheckerOutOfTimeOrMemoryIsAnInternalErrorEvenIfItsStatusLooksGood() {
    assertThat(check(Runs.clean("").timeout(Timeout.INNER).status(1)).verdict())
        .isEqualTo(Verdict.INTERNAL_ERROR);
    assertThat(check(Runs.clean("").oom().status(0)).checkerMessage().orElseThrow())
        .contains("memory");
  }

  @Test
  void aCheckerRunRunboxFailedIsAnInternalError() {
    assertThat(check(Runs.clean("").fault("no sandbox")).checkerMessage().orElseThrow())
        .contains("no sandbox");
  }

  @Test
  void cutsALongCheckerMessage() {
    Judgement j = check(Runs.clean("").stderr("x".repeat(10_000)));

    assertThat(j.checkerMessage().orElseThrow()).hasSize(Judgement.MAX_CHECKER_MESSAGE + 3);
  }

  // the submission

  private static TestResult test(String name, Verdict v) {
    Judgement j = v == Verdict.TIME_LIMIT ? Judgement.timeLimit(TimeLimit.WALL) : Judgement.of(v);
    return v == Verdict.SKIPPED
        ? TestResult.skipped(name)
        : TestResult.of(name, Runs.clean("").run(), j);
  }

  @Test
  void aSubmissionIsAcceptedWhenEveryTestIs() {
    assertThat(
            Verdicts.ofSubmission(
                Optional.empty(),
                List.of(test("a", Verdict.ACCEPTED), test("b", Verdict.ACCEPTED))))
        .isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void aSubmissionTakesTheFirstFailingTestsVerdict() {
    assertThat(
            Verdicts.ofSubmission(
                Optional.empty(),
                List.of(
                    test("a", Verdict.ACCEPTED),
                    test("b", Verdict.TIME_LIMIT),
                    test("c", Verdict.WRONG_ANSWER))))
        .isEqualTo(Verdict.TIME_LIMIT);
  }

  @Test
  void anInternalErrorCountsAsTheFirstFailure() {
    assertThat(
            Verdicts.ofSubmission(
                Optional.empty(), List.of(TestResult.notRun("a"), test("b", Verdict.WRONG_ANSWER))))
        .isEqualTo(Verdict.INTERNAL_ERROR);
  }

  @Test
  void skippedTestsDoNotFailASubmission() {
    assertThat(
            Verdicts.ofSubmission(
                Optional.empty(),
                List.of(test("a", Verdict.RUNTIME_ERROR), test("b", Verdict.SKIPPED))))
        .isEqualTo(Verdict.RUNTIME_ERROR);
  }

  @Test
  void aFailedCompileIsACompileError() {
    CompileResult failed =
        new CompileResult(
            CapturedBytes.empty(),
            new CapturedBytes("main.c:1: error".getBytes(), false),
            1,
            new Usage(100, 90, 1 << 20));

    assertThat(Verdicts.ofSubmission(Optional.of(failed), List.of(test("a", Verdict.SKIPPED))))
        .isEqualTo(Verdict.COMPILE_ERROR);
  }

  @Test
  void aCompileThatSucceededLeavesTheVerdictToTheTests() {
    CompileResult ok =
        new CompileResult(CapturedBytes.empty(), CapturedBytes.empty(), 0, new Usage(1, 1, 1));

    assertThat(Verdicts.ofSubmission(Optional.of(ok), List.of(test("a", Verdict.WRONG_ANSWER))))
        .isEqualTo(Verdict.WRONG_ANSWER);
  }

  @Test
  void theFirstFailureStopPolicyStopsAfterAnyFailureButNotAfterAPass() {
    assertThat(StopPolicy.FIRST_FAILURE.stopsAfter(Verdict.INTERNAL_ERROR)).isTrue();
    assertThat(StopPolicy.FIRST_FAILURE.stopsAfter(Verdict.WRONG_ANSWER)).isTrue();
    assertThat(StopPolicy.FIRST_FAILURE.stopsAfter(Verdict.ACCEPTED)).isFalse();
    assertThat(StopPolicy.NEVER.stopsAfter(Verdict.RUNTIME_ERROR)).isFalse();
  }
}
