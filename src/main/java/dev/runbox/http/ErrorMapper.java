package dev.runbox.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runbox.core.CapacityExceededException;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.SandboxUnavailableException;
import dev.runbox.core.UnknownImageException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place exceptions become responses: a problem body, its status and any headers. */
final class ErrorMapper {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  static void handle(Exception e, Context ctx) {
    HttpProblem p = toProblem(e, ctx);
    p.headers().forEach(ctx::header);
    write(ctx, p.problem());
  }

  static void write(Context ctx, Problem problem) {
    ctx.status(problem.status()).contentType(Problem.CONTENT_TYPE).result(Json.write(problem));
  }

  private static HttpProblem toProblem(Exception e, Context ctx) {
    return switch (e) {
      case HttpProblem p -> p;
      case UnknownImageException u -> new HttpProblem(Problem.of(Problem.Type.UNKNOWN_IMAGE, u.getMessage(), u.field()));
      case InvalidRequestException i -> new HttpProblem(Problem.of(Problem.Type.INVALID_REQUEST, i.getMessage(), i.field()));
      case JsonProcessingException j -> new HttpProblem(JsonProblems.of(j));
      case CapacityExceededException c -> new HttpProblem(Problem.of(Problem.Type.AT_CAPACITY,
          c.getMessage() + "; retry later"), Map.of("Retry-After", Long.toString(Math.max(1, c.retryAfter().toSeconds()))));
      case SandboxUnavailableException s -> unavailable(s);
      case HttpResponseException h -> javalin(h, ctx);
      default -> internal(e, ctx);
    };
  }

  private static HttpProblem unavailable(SandboxUnavailableException s) {
    log.warn("sandbox unavailable: {}", s.getMessage(), s);
    return new HttpProblem(Problem.of(Problem.Type.SANDBOX_UNAVAILABLE,
        "the sandbox engine cannot run this now (run " + s.runId() + "); retry later"), Map.of("Retry-After", "5"));
  }

  /** Javalin's own refusals: no route (404) or a route without this method (405). */
  private static HttpProblem javalin(HttpResponseException h, Context ctx) {
    String what = ctx.method() + " " + ctx.path();
    return switch (h.getStatus()) {
      case 404 -> new HttpProblem(Problem.of(Problem.Type.NOT_FOUND, "no route for " + what + "; GET /openapi.json lists them"));
      case 405 -> new HttpProblem(Problem.of(Problem.Type.METHOD_NOT_ALLOWED, "the route does not accept " + what),
          allow(h.getDetails()));
      case 413 -> new HttpProblem(Problem.of(Problem.Type.TOO_LARGE, h.getMessage()));
      default -> h.getStatus() < 500
          ? new HttpProblem(Problem.of(Problem.Type.INVALID_REQUEST, h.getMessage()))
          : internal(h, ctx);
    };
  }

  private static Map<String, String> allow(Map<String, String> details) {
    String methods = details.getOrDefault("availableMethods", "");
    return methods.isEmpty() ? Map.of() : Map.of("Allow", methods.replaceAll("[\\[\\]]", ""));
  }

  private static HttpProblem internal(Exception e, Context ctx) {
    log.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
    return new HttpProblem(Problem.of(Problem.Type.INTERNAL, "the service failed unexpectedly; the log has the details"));
  }
}
