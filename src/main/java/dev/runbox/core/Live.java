package dev.runbox.core;

import java.util.Optional;

/**
 * A run's live side: where its output goes as it happens, and, for an interactive run, the input
 * sent while it runs (which replaces the request's stdin).
 */
public record Live(Optional<LiveInput> input, LiveOutput output) {
  /** Nothing live: the result alone tells what happened. */
  public static Live none() {
    return new Live(Optional.empty(), LiveOutput.NONE);
  }

  /** Output as it happens; stdin from the request. */
  public static Live output(LiveOutput output) {
    return new Live(Optional.empty(), output);
  }

  /** Output as it happens, and stdin and signals from {@code input} while it runs. */
  public static Live interactive(LiveInput input, LiveOutput output) {
    return new Live(Optional.of(input), output);
  }
}
