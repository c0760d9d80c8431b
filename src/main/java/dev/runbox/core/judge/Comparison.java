package dev.runbox.core.judge;

import java.util.Optional;

/**
 * Compares a program's output with the expected output, in one pass over each (work and memory
 * linear in their lengths, whatever they hold). Whitespace is ASCII whitespace: space, tab, line
 * feed, carriage return, form feed and vertical tab. A text's lines are split at line feeds.
 *
 * <ul>
 *   <li>{@link CompareMode#EXACT}: the texts are the same, character for character; {@code \r\n}
 *       and {@code \n} differ.
 *   <li>{@link CompareMode#LINES} (Judge0's rule): the same lines once each line's trailing
 *       whitespace and the trailing blank lines are dropped. A {@code \r} before a line feed is
 *       trailing whitespace, so {@code \r\n} and {@code \n} line ends are equal; leading whitespace
 *       counts.
 *   <li>{@link CompareMode#TOKENS}: the same whitespace-separated tokens.
 *   <li>{@link CompareMode#FLOAT}: tokens, where two decimal numbers ({@code [+-]digits[.digits]
 *       [e[+-]digits]}) are equal when they differ by at most epsilon, or by at most epsilon times
 *       the expected number's magnitude; any other token ({@code nan}, {@code inf}, {@code 0x1p3})
 *       is compared as text.
 * </ul>
 *
 * When {@code case_sensitive} is false, letters are compared without regard to case, character by
 * character.
 */
public final class Comparison {
  private Comparison() {}

  /** Empty when the output is right; else where it first differs from the expected output. */
  public static Optional<Difference> compare(Compare how, String expected, String got) {
    return switch (how.mode()) {
      case EXACT -> exact(expected, got, how.caseSensitive());
      case LINES -> lines(expected, got, how.caseSensitive());
      case TOKENS -> tokens(expected, got, how, false);
      case FLOAT -> tokens(expected, got, how, true);
    };
  }

  private static Optional<Difference> exact(String expected, String got, boolean cs) {
    int at = firstDifference(expected, 0, expected.length(), got, 0, got.length(), cs);
    if (at < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Difference(
            lineNumber(got, at),
            column(got, lineStart(got, at), at),
            around(expected, lineStart(expected, at), lineEnd(expected, at), at),
            around(got, lineStart(got, at), lineEnd(got, at), at)));
  }

  private static Optional<Difference> lines(String expected, String got, boolean cs) {
    Lines x = new Lines(expected);
    Lines y = new Lines(got);
    for (int n = 1; x.hasNext() || y.hasNext(); n++) {
      boolean hx = x.next();
      boolean hy = y.next();
      if (hx && hy) {
        int at = firstDifference(expected, x.start, x.end, got, y.start, y.end, cs);
        if (at >= 0) {
          int e = x.start + (at - y.start);
          return Optional.of(
              new Difference(
                  n,
                  column(got, y.start, at),
                  around(expected, x.start, x.end, e),
                  around(got, y.start, y.end, at)));
        }
      } else if (hx && x.end > x.start) {
        return Optional.of(new Difference(n, 1, around(expected, x.start, x.end, x.start), ""));
      } else if (hy && y.end > y.start) {
        return Optional.of(new Difference(n, 1, "", around(got, y.start, y.end, y.start)));
      }
    }
    return Optional.empty();
  }

  private static Optional<Difference> tokens(
      String expected, String got, Compare how, boolean numbers) {
    Tokens x = new Tokens(expected);
    Tokens y = new Tokens(got);
    while (true) {
      boolean hx = x.next();
      boolean hy = y.next();
      if (!hx && !hy) {
        return Optional.empty();
      }
      if (hx && hy && sameToken(x, y, how, numbers)) {
        continue;
      }
      int at = hy ? y.start : got.length();
      return Optional.of(
          new Difference(
              y.line,
              column(got, y.lineStart, at),
              hx ? around(expected, x.lineStart, lineEnd(expected, x.start), x.start) : "",
              hy ? around(got, y.lineStart, lineEnd(got, y.start), y.start) : ""));
    }
  }

  private static boolean sameToken(Tokens x, Tokens y, Compare how, boolean numbers) {
    if (numbers && Numbers.isDecimal(x.text, x.start, x.end)) {
      if (Numbers.isDecimal(y.text, y.start, y.end)) {
        return Numbers.close(x.number(), y.number(), how.epsilon());
      }
    }
    return x.end - x.start == y.end - y.start
        && firstDifference(x.text, x.start, x.end, y.text, y.start, y.end, how.caseSensitive()) < 0;
  }

  /**
   * The index in {@code b} at which {@code a[aFrom, aTo)} and {@code b[bFrom, bTo)} first differ
   * ({@code bFrom} plus the shorter length when one is a prefix of the other), or -1 when equal.
   */
  static int firstDifference(
      String a, int aFrom, int aTo, String b, int bFrom, int bTo, boolean caseSensitive) {
    int n = Math.min(aTo - aFrom, bTo - bFrom);
    for (int i = 0; i < n; i++) {
      if (!same(a.charAt(aFrom + i), b.charAt(bFrom + i), caseSensitive)) {
        return bFrom + i;
      }
    }
    return aTo - aFrom == bTo - bFrom ? -1 : bFrom + n;
  }

  private static boolean same(char a, char b, boolean caseSensitive) {
    if (a == b) {
      return true;
    }
    return !caseSensitive
        && (Character.toUpperCase(a) == Character.toUpperCase(b)
            || Character.toLowerCase(a) == Character.toLowerCase(b));
  }

  static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
  }

  private static int lineNumber(String s, int at) {
    int line = 1;
    for (int i = 0; i < at && i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static int lineStart(String s, int at) {
    return s.lastIndexOf('\n', Math.min(at, s.length()) - 1) + 1;
  }

  private static int lineEnd(String s, int at) {
    int nl = s.indexOf('\n', at);
    return nl < 0 ? s.length() : nl;
  }

  private static int column(String s, int lineStart, int at) {
    return s.codePointCount(lineStart, Math.min(at, s.length())) + 1;
  }

  /**
   * {@code s[from, to)} cut to at most {@link Difference#MAX_TEXT} characters around {@code at},
   * with "..." where it was cut.
   */
  static String around(String s, int from, int to, int at) {
    int max = Difference.MAX_TEXT;
    if (to - from <= max) {
      return s.substring(from, to);
    }
    int start = Math.max(from, Math.min(at - max / 2, to - max));
    int end = start + max;
    if (start > from && Character.isLowSurrogate(s.charAt(start))) {
      start++;
    }
    if (end < to && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return (start > from ? "..." : "") + s.substring(start, end) + (end < to ? "..." : "");
  }

  /** The lines of a text, each without its trailing whitespace: {@code [start, end)}. */
  private static final class Lines {
    private final String text;
    private int next;
    int start;
    int end;

    Lines(String text) {
      this.text = text;
    }

    boolean hasNext() {
      return next <= text.length();
    }

    boolean next() {
      if (!hasNext()) {
        return false;
      }
      start = next;
      int nl = text.indexOf('\n', start);
      int lineEnd = nl < 0 ? text.length() : nl;
      end = lineEnd;
      while (end > start && isWhitespace(text.charAt(end - 1))) {
        end--;
      }
      next = lineEnd + 1;
      return true;
    }
  }

  /**
   * The whitespace-separated tokens of a text: the current one is {@code [start, end)} on line
   * {@code line}, which starts at {@code lineStart}; after the last, they tell where the text ends.
   */
  private static final class Tokens {
    final String text;
    private int at;
    int start;
    int end;
    int line = 1;
    int lineStart;

    Tokens(String text) {
      this.text = text;
    }

    boolean next() {
      while (at < text.length() && isWhitespace(text.charAt(at))) {
        if (text.charAt(at) == '\n') {
          line++;
          lineStart = at + 1;
        }
        at++;
      }
      if (at == text.length()) {
        return false;
      }
      start = at;
      while (at < text.length() && !isWhitespace(text.charAt(at))) {
        at++;
      }
      end = at;
      return true;
    }

    double number() {
      return Double.parseDouble(text.substring(start, end));
    }
  }
}
