package dev.runbox.core.judge;

import dev.runbox.core.ImageSpec;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Limit;
import dev.runbox.core.Limits;
import dev.runbox.core.Program;
import dev.runbox.core.RunPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the service admits in judge mode, on top of the {@link RunPolicy} (which bounds the files
 * and the limits' maxima): at most {@code maxTests} tests, and at most {@code maxInputBytes} bytes
 * of test input (stdin and expected output, all tests together). Every refusal names the bound;
 * nothing is clamped.
 */
public record JudgePolicy(RunPolicy runs, int maxTests, long maxInputBytes) {
  public static final int DEFAULT_MAX_TESTS = 500;
  public static final long DEFAULT_MAX_INPUT_BYTES = 8L * 1024 * 1024;

  public JudgePolicy {
    if (maxTests < 1 || maxInputBytes < 1) {
      throw new IllegalArgumentException(
          "a judge must be allowed one test of one byte: max tests "
              + maxTests
              + ", max input bytes "
              + maxInputBytes);
    }
  }

  /** The default bounds over {@code runs}. */
  public static JudgePolicy of(RunPolicy runs) {
    return new JudgePolicy(runs, DEFAULT_MAX_TESTS, DEFAULT_MAX_INPUT_BYTES);
  }

  /**
   * Checks {@code request} for {@code image} (the catalog's image of that name) and resolves every
   * stage's limits: refused when a bound is passed, a limit is above its maximum, or neither the
   * request nor the image says how to build and run a program.
   */
  public JudgePlan plan(ImageSpec image, JudgeRequest request) {
    checkBounds(request);
    Program program =
        request
            .program()
            .or(image::program)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "image",
                        "image '"
                            + image.name()
                            + "' has no program entry; judge mode cannot build and run a program"
                            + " in it"));
    Limits compile = override(image.defaultLimits(), request.compileLimits(), "limits.compile.");
    runs.checkFits(request.files(), compile);
    Budget run =
        new Budget(
            override(image.defaultLimits(), request.runLimits().limits(), "limits.run."),
            cpuTime(request.runLimits(), "limits.run."));
    List<Budget> budgets = new ArrayList<>();
    for (int i = 0; i < request.tests().size(); i++) {
      budgets.add(budget(run, request.tests().get(i).limits(), "tests[" + i + "].limits."));
    }
    return new JudgePlan(request, program, compile, budgets);
  }

  private void checkBounds(JudgeRequest request) {
    if (request.tests().size() > maxTests) {
      throw new InvalidRequestException(
          "tests",
          request.tests().size()
              + " tests sent; at most "
              + maxTests
              + " are accepted (max_tests)");
    }
    long input = request.inputBytes();
    if (input > maxInputBytes) {
      throw new InvalidRequestException(
          "tests",
          input
              + " bytes of test input (stdin and expected_output) sent; at most "
              + maxInputBytes
              + " are accepted (max_test_input_kib)");
    }
    runs.checkBounds(request.files());
    request.checker().ifPresent(c -> checkerBounds(c));
  }

  private void checkerBounds(Checker checker) {
    try {
      runs.checkBounds(checker.files());
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException("checker.files", "checker: " + e.getMessage());
    }
  }

  /**
   * A test's limits over the run's (checked first, so that a bad {@code limits.run} is named as
   * such).
   */
  private Budget budget(Budget run, TestLimits test, String field) {
    Optional<Duration> cpu = cpuTime(test, field);
    return new Budget(
        override(run.limits(), test.limits(), field), cpu.isPresent() ? cpu : run.cpuTime());
  }

  private Limits override(Limits below, Map<Limit, Double> requested, String prefix) {
    try {
      return below.override(requested, runs.maximum());
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException(
          prefix + e.field().substring(e.field().lastIndexOf('.') + 1), prefix + e.getMessage());
    }
  }

  /**
   * The CPU time limit a request sets, at most the maximum {@code time_s}: the CPU time a test may
   * use is bounded by the same maximum as its wall-clock time.
   */
  private Optional<Duration> cpuTime(TestLimits limits, String prefix) {
    if (limits.cpuTimeSeconds().isEmpty()) {
      return Optional.empty();
    }
    double s = limits.cpuTimeSeconds().getAsDouble();
    int max = runs.maximum().timeSeconds();
    if (s > max) {
      throw new InvalidRequestException(
          prefix + TestLimits.CPU_TIME_S,
          prefix
              + TestLimits.CPU_TIME_S
              + " "
              + (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s))
              + " is above the maximum "
              + max
              + " (the maximum time_s)");
    }
    return Optional.of(Duration.ofNanos(Math.round(s * 1e9)));
  }
}
