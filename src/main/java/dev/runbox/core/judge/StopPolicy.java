package dev.runbox.core.judge;

import dev.runbox.core.InvalidRequestException;
import java.util.Locale;

/** Whether a judge goes on after a failing test. */
public enum StopPolicy {
  /** Run every test. */
  NEVER,
  /** After the first test that fails (internal errors included), skip the rest. */
  FIRST_FAILURE;

  /** The name the APIs use: {@code never} or {@code first_failure}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when no further test is to run after one that ended with {@code verdict}. */
  public boolean stopsAfter(Verdict verdict) {
    return this == FIRST_FAILURE && verdict.fails();
  }

  /** The policy of this API name; refused naming the known ones otherwise. */
  public static StopPolicy ofApiName(String name) {
    for (StopPolicy p : values()) {
      if (p.apiName().equals(name)) {
        return p;
      }
    }
    throw new InvalidRequestException(
        "stop", "unknown stop policy '" + name + "'; known: never, first_failure");
  }
}
