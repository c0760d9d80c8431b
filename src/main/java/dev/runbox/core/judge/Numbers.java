package dev.runbox.core.judge;

/** Decimal numbers as the float comparison reads them. */
final class Numbers {
  private Numbers() {}

  /**
   * True when {@code s[from, to)} is {@code [+-]digits[.digits][(e|E)[+-]digits]} with at least one
   * digit before the exponent; scanned once, without a regular expression.
   */
  static boolean isDecimal(String s, int from, int to) {
    int i = sign(s, from, to);
    int digits = 0;
    while (i < to && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < to && s.charAt(i) == '.') {
      i++;
      while (i < to && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i = sign(s, i + 1, to);
      int exponent = i;
      while (i < to && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == exponent) {
        return false;
      }
    }
    return i == to;
  }

  /**
   * True when {@code got} is within {@code epsilon} of {@code expected}, absolutely or relative to
   * the expected number's magnitude; equal infinities are close.
   */
  static boolean close(double expected, double got, double epsilon) {
    if (expected == got) {
      return true;
    }
    double d = Math.abs(expected - got);
    return d <= epsilon || d <= epsilon * Math.abs(expected);
  }

  private static int sign(String s, int i, int to) {
    return i < to && (s.charAt(i) == '+' || s.charAt(i) == '-') ? i + 1 : i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
