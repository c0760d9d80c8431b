package dev.runbox.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runbox.core.CapacityExceededException;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.SandboxUnavailableException;
import io.javalin.http.Context;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A refusal of a compatibility route: its HTTP status, a message and any headers. Each API wraps
 * the message in its own shape; {@link #of} is the one place exceptions become such refusals.
 */
final class CompatFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(CompatFailure.class);
  private static final int MAX_MESSAGE = 500;

  private final int status;
  private final transient Map<String, String> headers;

  CompatFailure(int status, String message, Map<String, String> headers) {
    super(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message, null, false, false);
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  CompatFailure(int status, String message) {
    this(status, message, Map.of());
  }

  int status() {
    return status;
  }

  Map<String, String> headers() {
    return headers;
  }

  static CompatFailure of(Exception e, Context ctx) {
    return switch (e) {
      case CompatFailure f -> f;
      case InvalidRequestException i -> new CompatFailure(400, i.getMessage());
      case JsonProcessingException j -> new CompatFailure(400, "malformed JSON: " + j.getOriginalMessage());
      case CapacityExceededException c -> new CompatFailure(429, c.getMessage() + "; retry later",
          Map.of("Retry-After", Long.toString(Math.max(1, c.retryAfter().toSeconds()))));
      case SandboxUnavailableException s -> unavailable(s);
      default -> internal(e, ctx);
    };
  }

  private static CompatFailure unavailable(SandboxUnavailableException s) {
    log.warn("sandbox unavailable: {}", s.getMessage(), s);
    return new CompatFailure(503, "the sandbox engine cannot run this now (run " + s.runId() + "); retry later",
        Map.of("Retry-After", "5"));
  }

  private static CompatFailure internal(Exception e, Context ctx) {
    log.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
    return new CompatFailure(500, "the service failed unexpectedly; the log has the details");
  }
}
