package dev.runbox.core.judge;

import dev.runbox.core.InvalidRequestException;

/**
 * How every test's output is compared with its expected output.
 *
 * @param epsilon the tolerance of {@link CompareMode#FLOAT}: two numbers are equal when they differ
 *     by at most {@code epsilon}, absolutely or relative to the expected number; finite, at least 0
 * @param caseSensitive false to compare letters without regard to case (character by character)
 */
public record Compare(CompareMode mode, double epsilon, boolean caseSensitive) {
  public static final double DEFAULT_EPSILON = 1e-6;

  /** Lines, case sensitive, epsilon 1e-6: what a request that says nothing gets. */
  public static final Compare DEFAULT = new Compare(CompareMode.LINES, DEFAULT_EPSILON, true);

  public Compare {
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new InvalidRequestException(
          "compare.epsilon", "epsilon must be a finite number of at least 0, got " + epsilon);
    }
  }
}
