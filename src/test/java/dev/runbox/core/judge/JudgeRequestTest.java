package dev.runbox.core.judge;

import static dev.runbox.core.judge.Requests.MAIN_C;
import static dev.runbox.core.judge.Requests.request;
import static dev.runbox.core.judge.Requests.test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.Command;
import dev.runbox.core.FileSet;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Limit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class JudgeRequestTest {
  private static AbstractThrowableAssert<?, ? extends Throwable> refused(Runnable r, String field) {
    return assertThatThrownBy(r::run)
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo(field));
  }

  private static JudgeTest named(String name) {
    return new JudgeTest(name, new byte[0], Optional.of(""), List.of(), TestLimits.NONE);
  }

  private static JudgeTest withArgs(List<String> args) {
    return new JudgeTest("t", new byte[0], Optional.of(""), args, TestLimits.NONE);
  }

  @Test
  void refusesARequestWithoutTests() {
    refused(() -> request(List.of()), "tests").hasMessageContaining("at least one");
  }

  @Test
  void refusesARequestWithoutFiles() {
    refused(
            () ->
                new JudgeRequest(
                    "c",
                    new FileSet(List.of()),
                    List.of(test("a")),
                    Compare.DEFAULT,
                    Optional.empty(),
                    StopPolicy.NEVER,
                    Map.of(),
                    TestLimits.NONE),
            "files")
        .hasMessageContaining("no files");
  }

  @Test
  void refusesTwoTestsOfOneName() {
    refused(() -> request(List.of(test("a"), test("b"), test("a"))), "tests[2].name")
        .hasMessageContaining("'a' is used twice");
  }

  @Test
  void refusesABlankTestName() {
    refused(() -> named("  "), "name").hasMessageContaining("blank");
  }

  @Test
  void refusesATestNameLongerThanTheBound() {
    named("x".repeat(JudgeTest.MAX_NAME));
    refused(() -> named("x".repeat(JudgeTest.MAX_NAME + 1)), "name")
        .hasMessageContaining("at most " + JudgeTest.MAX_NAME);
  }

  @Test
  void refusesAControlCharacterInATestName() {
    refused(() -> named("a\nb"), "name").hasMessageContaining("control character");
  }

  @Test
  void refusesMoreArgsThanTheBound() {
    withArgs(Collections.nCopies(JudgeTest.MAX_ARGS, "x"));
    refused(() -> withArgs(Collections.nCopies(JudgeTest.MAX_ARGS + 1, "x")), "args")
        .hasMessageContaining("at most " + JudgeTest.MAX_ARGS);
  }

  @Test
  void refusesArgsLongerInAllThanTheBound() {
    withArgs(List.of("x".repeat(JudgeTest.MAX_ARGS_CHARS)));
    refused(() -> withArgs(List.of("x".repeat(JudgeTest.MAX_ARGS_CHARS), "y")), "args")
        .hasMessageContaining("at most " + JudgeTest.MAX_ARGS_CHARS);
  }

  @Test
  void refusesANulInAnArg() {
    refused(() -> withArgs(List.of("a\0b")), "args").hasMessageContaining("NUL");
  }

  @Test
  void requiresExpectedOutputWithoutAChecker() {
    JudgeTest open =
        new JudgeTest("open", new byte[0], Optional.empty(), List.of(), TestLimits.NONE);

    refused(() -> request(List.of(open)), "tests[0].expected_output")
        .hasMessageContaining("unless a checker");
  }

  @Test
  void takesATestWithoutExpectedOutputWhenACheckerJudges() {
    JudgeTest open =
        new JudgeTest("open", new byte[0], Optional.empty(), List.of(), TestLimits.NONE);
    Checker checker =
        new Checker("python", new FileSet(List.of()), new Command.Shell("python3 check.py"));

    JudgeRequest r =
        new JudgeRequest(
            "c",
            MAIN_C,
            List.of(open),
            Compare.DEFAULT,
            Optional.of(checker),
            StopPolicy.NEVER,
            Map.of(),
            TestLimits.NONE);

    assertThat(r.checker()).contains(checker);
  }

  @Test
  void refusesANegativeOrNonFiniteEpsilon() {
    refused(() -> new Compare(CompareMode.FLOAT, -1e-9, true), "compare.epsilon")
        .hasMessageContaining("at least 0");
    refused(() -> new Compare(CompareMode.FLOAT, Double.NaN, true), "compare.epsilon");
    refused(
        () -> new Compare(CompareMode.FLOAT, Double.POSITIVE_INFINITY, true), "compare.epsilon");
  }

  @Test
  void refusesAnUnknownModeOrStopPolicyNamingTheKnownOnes() {
    refused(() -> CompareMode.ofApiName("fuzzy"), "compare.mode")
        .hasMessageContaining("exact, lines, tokens, float");
    refused(() -> StopPolicy.ofApiName("sometimes"), "stop")
        .hasMessageContaining("never, first_failure");
  }

  @Test
  void refusesALimitBelowItsMinimum() {
    refused(() -> Requests.limits(Map.of(Limit.MEMORY_MIB, 1.0)), "memory_mib")
        .hasMessageContaining("at least 16");
  }

  @Test
  void refusesACpuTimeBelowItsMinimumOrNotFinite() {
    refused(() -> Requests.cpu(0), "cpu_time_s").hasMessageContaining("at least 0.01");
    refused(
        () -> new TestLimits(Map.of(), OptionalDouble.of(Double.POSITIVE_INFINITY)), "cpu_time_s");
  }

  @Test
  void countsTheInputBytesOfEveryTest() {
    JudgeTest t =
        new JudgeTest("é", "ab".getBytes(), Optional.of("é€😀"), List.of(), TestLimits.NONE);

    assertThat(request(List.of(t, test("b"))).inputBytes()).isEqualTo(2 + 2 + 3 + 4 + 4 + 2);
  }

  @Test
  void theFirstFileIsTheProgramsFile() {
    assertThat(request(List.of(test("a"))).firstFile()).isEqualTo("main.c");
  }

  @Test
  void aCheckerGetsItsThreeFilesQuoted() {
    Checker c =
        new Checker("python", new FileSet(List.of()), new Command.Shell("python3 check.py"));

    assertThat(c.commandFor("in put", "it's", "exp").line())
        .isEqualTo("python3 check.py 'in put' 'it'\\''s' 'exp'");
  }
}
