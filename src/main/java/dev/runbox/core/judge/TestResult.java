package dev.runbox.core.judge;

import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Usage;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One test in the answer: its name, the judgement, and what its program did.
 *
 * @param run what the program did; empty for a skipped test, and for an internal error that came
 *     before the program could run
 */
public record TestResult(String name, Judgement judgement, Optional<TestRun> run) {
  public TestResult {
    if (judgement.verdict() == Verdict.SKIPPED && run.isPresent()) {
      throw new IllegalArgumentException("a skipped test has no run: " + name);
    }
    if (run.isEmpty()
        && judgement.verdict() != Verdict.SKIPPED
        && judgement.verdict() != Verdict.INTERNAL_ERROR) {
      throw new IllegalArgumentException(
          "a " + judgement.verdict().apiName() + " test needs its run: " + name);
    }
  }

  public static TestResult of(String name, TestRun run, Judgement judgement) {
    return new TestResult(name, judgement, Optional.of(run));
  }

  public static TestResult skipped(String name) {
    return new TestResult(name, Judgement.of(Verdict.SKIPPED), Optional.empty());
  }

  /** A test that runbox could not run at all. */
  public static TestResult notRun(String name) {
    return new TestResult(name, Judgement.of(Verdict.INTERNAL_ERROR), Optional.empty());
  }

  public Verdict verdict() {
    return judgement.verdict();
  }

  public Optional<TimeLimit> limit() {
    return judgement.limit();
  }

  public OptionalInt exitStatus() {
    return run.map(r -> OptionalInt.of(r.exitStatus())).orElse(OptionalInt.empty());
  }

  public Optional<String> signal() {
    return run.flatMap(TestRun::signal);
  }

  public Optional<CapturedBytes> stdout() {
    return run.map(TestRun::stdout);
  }

  public Optional<CapturedBytes> stderr() {
    return run.map(TestRun::stderr);
  }

  public Optional<Usage> usage() {
    return run.map(TestRun::usage);
  }

  public Optional<Difference> difference() {
    return judgement.difference();
  }

  public Optional<String> checkerMessage() {
    return judgement.checkerMessage();
  }
}
