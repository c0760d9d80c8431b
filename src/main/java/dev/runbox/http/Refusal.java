package dev.runbox.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runbox.core.CapacityExceededException;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.SandboxUnavailableException;
import dev.runbox.core.UnknownImageException;
import dev.runbox.core.jobs.JobStoreException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why a request was not served: its kind (which gives the status), a message for the caller, the
 * request field at fault (empty when none) and any headers to send. {@link #of} is the one place an
 * exception becomes a refusal; each API only renders it in its own error shape.
 */
public record Refusal(Kind kind, String message, String field, Map<String, String> headers) {
  private static final Logger log = LoggerFactory.getLogger(Refusal.class);
  static final int MAX_MESSAGE = 500;

  /**
   * The request attribute holding the status of an at-capacity refusal (429 when unset), set by the
   * server from {@code busy_status}.
   */
  public static final String BUSY_STATUS = "runbox.busyStatus";

  /** Seconds a client should wait before trying again when the engine failed. */
  private static final String UNAVAILABLE_RETRY_AFTER = "5";

  public Refusal {
    message = shortened(message);
    headers = Map.copyOf(headers);
  }

  /** The kinds of refusal and their HTTP statuses. */
  public enum Kind {
    INVALID_REQUEST(400),
    UNAUTHORIZED(401),
    UNKNOWN_IMAGE(404),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
    TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    AT_CAPACITY(429),
    /** At capacity, answered 503 ({@code busy_status}) for a balancer that retries elsewhere. */
    BUSY(503),
    INTERNAL(500),
    SANDBOX_UNAVAILABLE(503);

    final int status;

    Kind(int status) {
      this.status = status;
    }
  }

  public static Refusal of(Kind kind, String message) {
    return new Refusal(kind, message, "", Map.of());
  }

  public int status() {
    return kind.status;
  }

  /** A message cut to a length an error body can carry. */
  static String shortened(String message) {
    return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
  }

  /**
   * What the exception means for the caller; an unexpected one is logged with the request it
   * failed.
   */
  public static Refusal of(Exception e, Context ctx) {
    return of(
        e,
        Integer.valueOf(503).equals(ctx.attribute(BUSY_STATUS)),
        ctx.method() + " " + ctx.path());
  }

  /**
   * What the exception means where no HTTP request is at hand (for a client of a live run, whose
   * HTTP request is over; {@code where} names its route, for the log): as {@link #of(Exception,
   * Context)}, at capacity being 429.
   */
  public static Refusal of(Exception e, String where) {
    return of(e, false, where);
  }

  private static Refusal of(Exception e, boolean busy503, String where) {
    return switch (e) {
      case RefusalException r -> r.refusal();
      case UnknownImageException u ->
          new Refusal(Kind.UNKNOWN_IMAGE, u.getMessage(), u.field(), Map.of());
      case InvalidRequestException i ->
          new Refusal(Kind.INVALID_REQUEST, i.getMessage(), i.field(), Map.of());
      case JsonProcessingException j -> JsonProblems.of(j);
      case CapacityExceededException c ->
          new Refusal(
              busy503 ? Kind.BUSY : Kind.AT_CAPACITY,
              c.getMessage() + "; retry later",
              "",
              Map.of("Retry-After", Long.toString(Math.max(1, c.retryAfter().toSeconds()))));
      case SandboxUnavailableException s -> unavailable(s);
      case JobStoreException j -> storeUnavailable(j);
      case HttpResponseException h -> javalin(h, where);
      default -> internal(e, where);
    };
  }

  private static Refusal unavailable(SandboxUnavailableException s) {
    log.warn("sandbox unavailable: {}", s.getMessage(), s);
    return new Refusal(
        Kind.SANDBOX_UNAVAILABLE,
        "the sandbox engine cannot run this now (run " + s.runId() + "); retry later",
        "",
        Map.of("Retry-After", UNAVAILABLE_RETRY_AFTER));
  }

  /** The job store cannot be reached (a PostgreSQL restart, say): nothing was queued or read. */
  private static Refusal storeUnavailable(JobStoreException j) {
    log.warn("job store unavailable: {}", j.getMessage());
    return new Refusal(
        Kind.SANDBOX_UNAVAILABLE,
        "the job store cannot be reached now; retry later (with the same Idempotency-Key, a"
            + " submit that did reach it gives the same job)",
        "",
        Map.of("Retry-After", UNAVAILABLE_RETRY_AFTER));
  }

  /** Javalin's own refusals: no route (404) or a route without this method (405). */
  private static Refusal javalin(HttpResponseException h, String what) {
    return switch (h.getStatus()) {
      case 404 -> of(Kind.NOT_FOUND, "no route for " + what + "; GET /openapi.json lists them");
      case 405 ->
          new Refusal(
              Kind.METHOD_NOT_ALLOWED,
              "the route does not accept " + what,
              "",
              allow(h.getDetails()));
      case 413 -> of(Kind.TOO_LARGE, h.getMessage());
      default -> h.getStatus() < 500 ? of(Kind.INVALID_REQUEST, h.getMessage()) : internal(h, what);
    };
  }

  private static Map<String, String> allow(Map<String, String> details) {
    String methods = details.getOrDefault("availableMethods", "");
    return methods.isEmpty() ? Map.of() : Map.of("Allow", methods.replaceAll("[\\[\\]]", ""));
  }

  private static Refusal internal(Exception e, String where) {
    log.error("unexpected failure on {}", where, e);
    return of(Kind.INTERNAL, "the service failed unexpectedly; the log has the details");
  }
}
