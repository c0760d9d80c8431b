package dev.runbox.http.judge0;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Judge0's decimals as text: at least one digit after the point ({@code "5.0"}, {@code "0.012"}).
 */
final class Decimals {
  private Decimals() {}

  static String judge0(BigDecimal d) {
    String s =
        d.setScale(Math.max(d.scale(), 0), RoundingMode.UNNECESSARY)
            .stripTrailingZeros()
            .toPlainString();
    return s.contains(".") ? s : s + ".0";
  }

  /** Milliseconds as seconds: {@code 12} is {@code "0.012"}. */
  static String seconds(long millis) {
    return judge0(BigDecimal.valueOf(millis, 3));
  }
}
