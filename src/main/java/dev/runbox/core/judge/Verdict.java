package dev.runbox.core.judge;

import java.util.Locale;

/** The verdict on one test, or on a whole submission. */
public enum Verdict {
  /** The program ended by itself with status 0 and its output was judged right. */
  ACCEPTED,
  /** The program ended by itself with status 0 and its output was judged wrong. */
  WRONG_ANSWER,
  /**
   * A timer stopped the program, or it used more CPU time than its limit (see {@link TimeLimit}).
   */
  TIME_LIMIT,
  /** The program was killed for using more memory than its limit. */
  MEMORY_LIMIT,
  /** The program wrote more output than its limit. */
  OUTPUT_LIMIT,
  /** The program ended with a non-zero status or by a signal of its own making. */
  RUNTIME_ERROR,
  /** runbox (or the checker) failed; never the program's fault. */
  INTERNAL_ERROR,
  /** The test was not run: an earlier one failed under the {@code first_failure} stop policy. */
  SKIPPED,
  /** The compile stage failed; no test was run (a submission's verdict only). */
  COMPILE_ERROR;

  /** The name the APIs use, e.g. {@code wrong_answer}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for a verdict that fails a test: anything but accepted and skipped. */
  public boolean fails() {
    return this != ACCEPTED && this != SKIPPED;
  }
}
