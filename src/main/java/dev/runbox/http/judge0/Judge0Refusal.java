package dev.runbox.http.judge0;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refusal in Judge0's own shape: {@code {"error": "..."}} for most, {@code {"field": ["message",
 * ...]}} (422) for a submission that does not validate.
 */
final class Judge0Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Object body;

  private Judge0Refusal(int status, String message, Object body) {
    super(message, null, false, false);
    this.status = status;
    this.body = body;
  }

  static Judge0Refusal error(int status, String message) {
    return new Judge0Refusal(status, message, Map.of("error", message));
  }

  /** 422 with the messages by field, in the order they were found. */
  static Judge0Refusal invalid(Map<String, List<String>> errors) {
    return new Judge0Refusal(422, errors.toString(), new LinkedHashMap<>(errors));
  }

  int status() {
    return status;
  }

  Object body() {
    return body;
  }
}
