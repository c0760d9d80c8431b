package dev.runbox.core.judge;

/**
 * Where a program's output first parts from the expected output.
 *
 * @param line the line of the program's output, from 1
 * @param column the column in that line, from 1, counted in characters (code points)
 * @param expected the expected output's line at that point, cut short around the difference to at
 *     most {@link #MAX_TEXT} characters (plus an ellipsis at each cut end); empty when the expected
 *     output had ended
 * @param got the program's line at that point, cut the same way; empty when its output had ended
 */
public record Difference(int line, int column, String expected, String got) {
  /** The most characters of each line a difference carries. */
  public static final int MAX_TEXT = 200;

  public Difference {
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException(
          "a difference is at line and column from 1, not " + line + ":" + column);
    }
  }
}
