package dev.runbox.core.judge;

import dev.runbox.core.Signals;
import dev.runbox.core.Timeout;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Gives the verdicts: of one test from what its run did and then from its output, and of a whole
 * submission from its compile and its tests.
 *
 * <p>How a run ended is looked at first, in this order; the first that holds gives the verdict:
 *
 * <ol>
 *   <li>{@code internal_error}: runbox failed during the run. Nothing else it observed can be
 *       trusted, and the program must never be blamed for runbox's fault.
 *   <li>{@code time_limit}, {@code cpu}: a CPU time limit was set and the program used more (or the
 *       kernel stopped it with SIGXCPU). Checked before the wall clock: when both were passed the
 *       CPU limit is the more precise cause (a spinner under a generous wall limit is stopped for
 *       its CPU).
 *   <li>{@code time_limit}, {@code wall}: a timer stopped it. Its exit status is then the timer's
 *       kill, not the program's doing, and it did not finish; judges report this over memory. But
 *       when its stdout was cut at the output limit it is {@code output_limit}: the sandbox lets a
 *       flood run on (its pipes drained) until a timer stops it, and the limit it broke first was
 *       the output's.
 *   <li>{@code memory_limit}: the kernel killed it for memory. A definite event that ends the
 *       program, so above the output cap, which only cuts what it wrote.
 *   <li>{@code output_limit}: its stdout was cut at the output limit (stderr is not judged, so a
 *       flood there is only cut). Above a runtime error, which a flood often ends in (SIGPIPE).
 *   <li>{@code runtime_error}: a non-zero exit status, or a signal, of its own making.
 * </ol>
 *
 * A run that passes all of these ended by itself with status 0 and its output is judged: by
 * comparison ({@code accepted} or {@code wrong_answer}) or by the checker ({@code accepted}, {@code
 * wrong_answer}, or {@code internal_error} when the checker itself failed).
 */
public final class Verdicts {
  private Verdicts() {}

  /**
   * The verdict on how a test's program ended; empty when it ended by itself with status 0 within
   * its limits, and its output is to be judged.
   *
   * @param cpuLimit the test's CPU time limit; empty when it has none
   */
  public static Optional<Judgement> ofEnding(TestRun run, Optional<Duration> cpuLimit) {
    if (run.fault().isPresent()) {
      return Optional.of(Judgement.of(Verdict.INTERNAL_ERROR));
    }
    if (cpuLimit.isPresent() && overCpu(run, cpuLimit.get())) {
      return Optional.of(Judgement.timeLimit(TimeLimit.CPU));
    }
    if (run.timeout() != Timeout.NONE) {
      return Optional.of(
          run.stdout().truncated()
              ? Judgement.of(Verdict.OUTPUT_LIMIT)
              : Judgement.timeLimit(TimeLimit.WALL));
    }
    if (run.oomKilled()) {
      return Optional.of(Judgement.of(Verdict.MEMORY_LIMIT));
    }
    if (run.stdout().truncated()) {
      return Optional.of(Judgement.of(Verdict.OUTPUT_LIMIT));
    }
    if (run.exitStatus() != 0) {
      return Optional.of(Judgement.of(Verdict.RUNTIME_ERROR));
    }
    return Optional.empty();
  }

  private static boolean overCpu(TestRun run, Duration limit) {
    return run.exitStatus() == Signals.XCPU_STATUS || run.usage().cpuMs() > limit.toMillis();
  }

  /** The verdict on a test's output, compared with the expected output. */
  public static Judgement ofComparison(Compare how, String expected, TestRun run) {
    return Comparison.compare(how, expected, run.stdout().text())
        .map(Judgement::wrongAnswer)
        .orElse(Judgement.of(Verdict.ACCEPTED));
  }

  /**
   * The verdict on one test judged by comparison: how it ended, then its output.
   *
   * @param cpuLimit the test's CPU time limit; empty when it has none
   */
  public static Judgement judge(
      TestRun run, Optional<Duration> cpuLimit, Compare how, String expected) {
    return ofEnding(run, cpuLimit).orElseGet(() -> ofComparison(how, expected, run));
  }

  /**
   * The verdict of a checker's run: exit 0 accepts, 1 is a wrong answer, each with the checker's
   * stderr (else its stdout) as the message; any other ending is an internal error that names the
   * checker and says how it ended.
   */
  public static Judgement ofChecker(Checker checker, TestRun run) {
    String said = said(run);
    if (run.fault().isEmpty()
        && run.timeout() == Timeout.NONE
        && !run.oomKilled()
        && (run.exitStatus() == 0 || run.exitStatus() == 1)) {
      Verdict v = run.exitStatus() == 0 ? Verdict.ACCEPTED : Verdict.WRONG_ANSWER;
      return said.isEmpty() ? Judgement.of(v) : Judgement.checked(v, said);
    }
    String how = "the checker '" + checker.command().line() + "' " + ending(run);
    return Judgement.checked(Verdict.INTERNAL_ERROR, said.isEmpty() ? how : how + ": " + said);
  }

  private static String said(TestRun run) {
    String err = run.stderr().text().strip();
    return err.isEmpty() ? run.stdout().text().strip() : err;
  }

  private static String ending(TestRun run) {
    if (run.fault().isPresent()) {
      return "could not run (" + run.fault().get() + ")";
    }
    if (run.timeout() != Timeout.NONE) {
      return "ran out of time";
    }
    if (run.oomKilled()) {
      return "ran out of memory";
    }
    return "ended with exit status "
        + run.exitStatus()
        + run.signal().map(s -> " (" + s + ")").orElse("")
        + " (0 accepts, 1 is a wrong answer)";
  }

  /**
   * A submission's verdict: {@code compile_error} when its compile failed, else the first failing
   * test's verdict ({@code internal_error} included), else {@code accepted}.
   */
  public static Verdict ofSubmission(Optional<CompileResult> compile, List<TestResult> tests) {
    if (compile.isPresent() && !compile.get().succeeded()) {
      return Verdict.COMPILE_ERROR;
    }
    for (TestResult t : tests) {
      if (t.verdict().fails()) {
        return t.verdict();
      }
    }
    return Verdict.ACCEPTED;
  }
}
