package dev.runbox.core.judge;

import java.util.List;
import java.util.Optional;

/**
 * The answer to a judge request.
 *
 * @param compile the compile stage; empty for a language without one
 * @param tests every test, in request order
 */
public record JudgeResult(
    String id,
    Verdict verdict,
    Optional<CompileResult> compile,
    List<TestResult> tests,
    Summary summary) {
  public JudgeResult {
    tests = List.copyOf(tests);
    if (verdict == Verdict.SKIPPED) {
      throw new IllegalArgumentException("skipped is a test's verdict, not a submission's");
    }
    if (verdict == Verdict.COMPILE_ERROR
        && tests.stream().anyMatch(t -> t.verdict() != Verdict.SKIPPED)) {
      throw new IllegalArgumentException("after a compile error no test runs");
    }
  }

  /** The answer with its verdict and summary worked out from the compile and the tests. */
  public static JudgeResult of(String id, Optional<CompileResult> compile, List<TestResult> tests) {
    return new JudgeResult(
        id, Verdicts.ofSubmission(compile, tests), compile, tests, Summary.of(tests));
  }
}
