package dev.runbox.core.judge;

import dev.runbox.core.InvalidRequestException;
import java.util.Locale;

/** How a test's output is compared with its expected output; see {@link Comparison}. */
public enum CompareMode {
  /** Character for character. */
  EXACT,
  /** Line by line, ignoring each line's trailing whitespace and trailing blank lines. */
  LINES,
  /** Whitespace-separated tokens. */
  TOKENS,
  /** Tokens, numbers equal within an epsilon. */
  FLOAT;

  /** The name the APIs use, e.g. {@code lines}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode of this API name; refused naming the known ones otherwise. */
  public static CompareMode ofApiName(String name) {
    for (CompareMode m : values()) {
      if (m.apiName().equals(name)) {
        return m;
      }
    }
    throw new InvalidRequestException(
        "compare.mode", "unknown compare mode '" + name + "'; known: exact, lines, tokens, float");
  }
}
