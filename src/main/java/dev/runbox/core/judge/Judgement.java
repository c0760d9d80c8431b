package dev.runbox.core.judge;

import java.util.Optional;

/**
 * The verdict on one test and what explains it.
 *
 * @param limit which time limit, for {@link Verdict#TIME_LIMIT} only
 * @param difference where the output first differs, for a {@link Verdict#WRONG_ANSWER} found by
 *     comparison only
 * @param checkerMessage what the checker said (its stderr, else its stdout, cut to {@link
 *     #MAX_CHECKER_MESSAGE} characters), or, for an internal error of the checker, which checker
 *     failed and how
 */
public record Judgement(
    Verdict verdict,
    Optional<TimeLimit> limit,
    Optional<Difference> difference,
    Optional<String> checkerMessage) {
  /** The most characters of a checker's message a test carries. */
  public static final int MAX_CHECKER_MESSAGE = 2000;

  public Judgement {
    if (limit.isPresent() != (verdict == Verdict.TIME_LIMIT)) {
      throw new IllegalArgumentException("a time limit kind goes with time_limit only: " + verdict);
    }
    if (difference.isPresent() && verdict != Verdict.WRONG_ANSWER) {
      throw new IllegalArgumentException("a difference goes with wrong_answer only: " + verdict);
    }
    if (verdict == Verdict.COMPILE_ERROR) {
      throw new IllegalArgumentException("compile_error is a submission's verdict, not a test's");
    }
  }

  /** A verdict that needs no explanation. */
  public static Judgement of(Verdict verdict) {
    return new Judgement(verdict, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static Judgement timeLimit(TimeLimit limit) {
    return new Judgement(
        Verdict.TIME_LIMIT, Optional.of(limit), Optional.empty(), Optional.empty());
  }

  public static Judgement wrongAnswer(Difference difference) {
    return new Judgement(
        Verdict.WRONG_ANSWER, Optional.empty(), Optional.of(difference), Optional.empty());
  }

  /** A verdict of the checker's, with its message. */
  public static Judgement checked(Verdict verdict, String message) {
    return new Judgement(verdict, Optional.empty(), Optional.empty(), Optional.of(cut(message)));
  }

  private static String cut(String message) {
    return message.length() <= MAX_CHECKER_MESSAGE
        ? message
        : message.substring(0, MAX_CHECKER_MESSAGE) + "...";
  }
}
