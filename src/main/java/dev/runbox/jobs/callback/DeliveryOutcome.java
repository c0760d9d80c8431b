package dev.runbox.jobs.callback;

import java.util.OptionalInt;

/** How one callback delivery attempt ended. */
public sealed interface DeliveryOutcome {

  /** The receiver answered 2xx. */
  record Delivered(int status) implements DeliveryOutcome {}

  /**
   * The delivery failed.
   *
   * @param reason what happened, for the job's {@code callback.last_error}
   * @param retryable whether a later attempt may succeed: 5xx, 408, 429, time-outs, connection
   *     errors and unresolved names are; other statuses and refused URLs are not
   * @param status the receiver's status, when it answered
   */
  record Failed(String reason, boolean retryable, OptionalInt status) implements DeliveryOutcome {}

  /** The outcome of an answer with this status. */
  static DeliveryOutcome ofStatus(int status) {
    if (status >= 200 && status <= 299) {
      return new Delivered(status);
    }
    if (status >= 300 && status <= 399) {
      return new Failed(
          "HTTP " + status + " (redirects are not followed)", false, OptionalInt.of(status));
    }
    boolean retryable = status == 408 || status == 429 || status >= 500;
    return new Failed("HTTP " + status, retryable, OptionalInt.of(status));
  }
}
