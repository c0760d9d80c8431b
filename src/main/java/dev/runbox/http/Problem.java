package dev.runbox.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An RFC 9457 problem, the body of every error ({@code application/problem+json}). {@code field}
 * names the request field at fault where there is one; {@code problems} lists readiness problems.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Problem(
    @JsonProperty("type") String type,
    @JsonProperty("title") String title,
    @JsonProperty("status") int status,
    @JsonProperty("detail") String detail,
    @JsonProperty("field") String field,
    @JsonProperty("problems") List<String> problems) {
  static final String CONTENT_TYPE = "application/problem+json";

  Problem {
    detail = Refusal.shortened(detail);
    problems = List.copyOf(problems);
  }

  /** The kinds of problem; {@code type} is {@code urn:runbox:problem:<slug>}. */
  enum Type {
    INVALID_REQUEST(400, "invalid-request", "Invalid request"),
    UNAUTHORIZED(401, "unauthorized", "Missing or wrong bearer token"),
    UNKNOWN_IMAGE(404, "unknown-image", "Unknown image"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    CONFLICT(409, "conflict", "Conflict"),
    TOO_LARGE(413, "too-large", "Request too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    AT_CAPACITY(429, "at-capacity", "At capacity"),
    BUSY(503, "busy", "At capacity; another node may serve it"),
    INTERNAL(500, "internal", "Internal error"),
    SANDBOX_UNAVAILABLE(503, "sandbox-unavailable", "Sandbox unavailable"),
    NOT_READY(503, "not-ready", "Not ready"),
    /** Refused by the HTTP server itself (bad URI, headers too large); status is the server's. */
    BAD_MESSAGE(400, "bad-message", "Malformed HTTP request");

    final int status;
    final String uri;
    final String title;

    Type(int status, String slug, String title) {
      this.status = status;
      this.uri = "urn:runbox:problem:" + slug;
      this.title = title;
    }
  }

  static Problem of(Type type, String detail) {
    return new Problem(type.uri, type.title, type.status, detail, "", List.of());
  }

  static Problem of(Type type, String detail, String field) {
    return new Problem(type.uri, type.title, type.status, detail, field, List.of());
  }

  /** A refusal as runbox's own API and the server's default answer it. */
  static Problem of(Refusal r) {
    Type type =
        switch (r.kind()) {
          case INVALID_REQUEST -> Type.INVALID_REQUEST;
          case UNAUTHORIZED -> Type.UNAUTHORIZED;
          case UNKNOWN_IMAGE -> Type.UNKNOWN_IMAGE;
          case NOT_FOUND -> Type.NOT_FOUND;
          case METHOD_NOT_ALLOWED -> Type.METHOD_NOT_ALLOWED;
          case CONFLICT -> Type.CONFLICT;
          case TOO_LARGE -> Type.TOO_LARGE;
          case UNSUPPORTED_MEDIA_TYPE -> Type.UNSUPPORTED_MEDIA_TYPE;
          case AT_CAPACITY -> Type.AT_CAPACITY;
          case BUSY -> Type.BUSY;
          case INTERNAL -> Type.INTERNAL;
          case SANDBOX_UNAVAILABLE -> Type.SANDBOX_UNAVAILABLE;
        };
    return of(type, r.message(), r.field());
  }

  Problem withProblems(List<String> list) {
    return new Problem(type, title, status, detail, field, list);
  }
}
