package dev.runbox.core;

import java.time.Duration;

/** Every sandbox slot and every queue place is taken. Maps to HTTP 429 with Retry-After. */
public final class CapacityExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Duration retryAfter;

  public CapacityExceededException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
