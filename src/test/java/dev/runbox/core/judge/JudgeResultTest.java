package dev.runbox.core.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JudgeResultTest {
  private static TestRun ran(long wall, long cpu, long memory) {
    return new TestRun(
        0,
        Timeout.NONE,
        false,
        CapturedBytes.empty(),
        CapturedBytes.empty(),
        new Usage(wall, cpu, memory));
  }

  @Test
  void theSummaryCountsAndTakesTheLargestUsageOfTheTestsThatRan() {
    List<TestResult> tests =
        List.of(
            TestResult.of("a", ran(10, 5, 300), Judgement.of(Verdict.ACCEPTED)),
            TestResult.of("b", ran(30, 2, 100), Judgement.of(Verdict.RUNTIME_ERROR)),
            TestResult.notRun("c"),
            TestResult.skipped("d"));

    assertThat(Summary.of(tests)).isEqualTo(new Summary(1, 2, 1, 4, 30, 5, 300));
  }

  @Test
  void theSummaryHasNoUsageWhenNoTestRan() {
    assertThat(Summary.of(List.of(TestResult.skipped("a"))))
        .isEqualTo(new Summary(0, 0, 1, 1, Usage.UNKNOWN, Usage.UNKNOWN, Usage.UNKNOWN));
  }

  @Test
  void theSummaryIgnoresUsageThatWasNotMeasured() {
    List<TestResult> tests =
        List.of(
            TestResult.of(
                "a", ran(10, Usage.UNKNOWN, Usage.UNKNOWN), Judgement.of(Verdict.ACCEPTED)),
            TestResult.of("b", ran(5, 3, Usage.UNKNOWN), Judgement.of(Verdict.ACCEPTED)));

    assertThat(Summary.of(tests)).isEqualTo(new Summary(2, 0, 0, 2, 10, 3, Usage.UNKNOWN));
  }

  @Test
  void theResultWorksOutItsVerdictAndSummary() {
    JudgeResult r =
        JudgeResult.of(
            "j1",
            Optional.empty(),
            List.of(
                TestResult.of("a", ran(1, 1, 1), Judgement.of(Verdict.ACCEPTED)),
                TestResult.of("b", ran(1, 1, 1), Judgement.of(Verdict.MEMORY_LIMIT))));

    assertThat(r.verdict()).isEqualTo(Verdict.MEMORY_LIMIT);
    assertThat(r.summary().failed()).isEqualTo(1);
  }

  @Test
  void aCompileErrorRunsNoTest() {
    assertThatThrownBy(
            () ->
                new JudgeResult(
                    "j1",
                    Verdict.COMPILE_ERROR,
                    Optional.empty(),
                    List.of(TestResult.of("a", ran(1, 1, 1), Judgement.of(Verdict.ACCEPTED))),
                    new Summary(1, 0, 0, 1, 1, 1, 1)))
        .hasMessageContaining("no test runs");
  }

  @Test
  void aSkippedTestHasNoRunAndARunTestHasOne() {
    assertThatThrownBy(
            () -> new TestResult("a", Judgement.of(Verdict.SKIPPED), Optional.of(ran(1, 1, 1))))
        .hasMessageContaining("skipped");
    assertThatThrownBy(
            () -> new TestResult("a", Judgement.of(Verdict.WRONG_ANSWER), Optional.empty()))
        .hasMessageContaining("needs its run");
  }

  @Test
  void aTimeLimitSaysWhichAndNothingElseDoes() {
    assertThatThrownBy(() -> Judgement.of(Verdict.TIME_LIMIT)).hasMessageContaining("time limit");
    assertThatThrownBy(
            () ->
                new Judgement(
                    Verdict.ACCEPTED,
                    Optional.of(TimeLimit.CPU),
                    Optional.empty(),
                    Optional.empty()))
        .hasMessageContaining("time limit");
  }

  @Test
  void aDifferenceGoesWithAWrongAnswerOnly() {
    assertThatThrownBy(
            () ->
                new Judgement(
                    Verdict.ACCEPTED,
                    Optional.empty(),
                    Optional.of(new Difference(1, 1, "", "")),
                    Optional.empty()))
        .hasMessageContaining("wrong_answer");
  }

  @Test
  void aTestResultOffersTheSignalOfItsRun() {
    TestRun segv =
        new TestRun(
            139,
            Timeout.NONE,
            false,
            CapturedBytes.empty(),
            CapturedBytes.empty(),
            new Usage(1, 1, 1));

    TestResult t = TestResult.of("a", segv, Judgement.of(Verdict.RUNTIME_ERROR));

    assertThat(t.signal()).contains("SIGSEGV");
    assertThat(t.exitStatus()).hasValue(139);
    assertThat(TestResult.skipped("b").exitStatus()).isEmpty();
  }
}
