package dev.runbox.http;

import java.util.Map;

/** Thrown by the HTTP layer for a mistake only it can see (size, media type, token); mapped as is. */
final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;
  private final transient Map<String, String> headers;

  HttpProblem(Problem problem, Map<String, String> headers) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.headers = Map.copyOf(headers);
  }

  HttpProblem(Problem problem) {
    this(problem, Map.of());
  }

  Problem problem() {
    return problem;
  }

  Map<String, String> headers() {
    return headers;
  }
}
