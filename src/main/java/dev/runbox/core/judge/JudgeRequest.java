package dev.runbox.core.judge;

import dev.runbox.core.FileSet;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Limit;
import dev.runbox.core.Program;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A submission to judge: one program (its image and files), compiled once, run against each test.
 * How many tests and bytes a request may send, and the limits' maxima, are the {@link
 * JudgePolicy}'s to say.
 *
 * @param compare how outputs are compared when there is no checker
 * @param checker a custom checker that judges each output instead of {@code compare}
 * @param compileLimits the limits the compile stage changes from the image's defaults
 * @param runLimits the limits every test changes from the image's defaults; a test's own win
 * @param program how to compile and run this submission instead of the image's {@code program}
 *     entry (its commands run in the sandbox, as any run's command does)
 */
public record JudgeRequest(
    String image,
    FileSet files,
    List<JudgeTest> tests,
    Compare compare,
    Optional<Checker> checker,
    StopPolicy stop,
    Map<Limit, Double> compileLimits,
    TestLimits runLimits,
    Optional<Program> program) {
  /** A request built and run as its image's {@code program} entry says. */
  public JudgeRequest(
      String image,
      FileSet files,
      List<JudgeTest> tests,
      Compare compare,
      Optional<Checker> checker,
      StopPolicy stop,
      Map<Limit, Double> compileLimits,
      TestLimits runLimits) {
    this(image, files, tests, compare, checker, stop, compileLimits, runLimits, Optional.empty());
  }

  public JudgeRequest {
    if (image.isBlank()) {
      throw new InvalidRequestException("image", "image is missing");
    }
    if (files.files().isEmpty()) {
      throw new InvalidRequestException("files", "no files sent; a program needs at least one");
    }
    tests = List.copyOf(tests);
    if (tests.isEmpty()) {
      throw new InvalidRequestException("tests", "no tests sent; send at least one");
    }
    compileLimits = Map.copyOf(compileLimits);
    checkTests(tests, checker.isPresent());
  }

  private static void checkTests(List<JudgeTest> tests, boolean checked) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < tests.size(); i++) {
      JudgeTest t = tests.get(i);
      if (!names.add(t.name())) {
        throw new InvalidRequestException(
            "tests[" + i + "].name", "test name '" + t.name() + "' is used twice");
      }
      if (!checked && t.expectedOutput().isEmpty()) {
        throw new InvalidRequestException(
            "tests[" + i + "].expected_output",
            "test '" + t.name() + "' has no expected_output (required unless a checker is sent)");
      }
    }
  }

  /** The bytes of input all tests send: stdin and expected output. */
  public long inputBytes() {
    long total = 0;
    for (JudgeTest t : tests) {
      total += t.inputBytes();
    }
    return total;
  }

  /** The name of the first file: the {@code {file}} of the image's program templates. */
  public String firstFile() {
    return files.files().get(0).path();
  }
}
