package dev.runbox.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * A route of an API with its own error shape: every failure becomes a {@link Refusal}, answered
 * with its status and headers and the message wrapped in that API's error body, so a cyber-dojo or
 * Piston client never sees runbox's problem documents from these routes.
 */
public final class ApiHandler implements Handler {
  /** Wraps a refusal's message in the API's error body. */
  public interface ErrorBody {
    Object of(Context ctx, String message);
  }

  private final Handler route;
  private final ErrorBody errors;

  public ApiHandler(Handler route, ErrorBody errors) {
    this.route = route;
    this.errors = errors;
  }

  @Override
  public void handle(Context ctx) {
    try {
      route.handle(ctx);
    } catch (Exception e) {
      Refusal r = Refusal.of(e, ctx);
      r.headers().forEach(ctx::header);
      Json.respond(ctx, r.status(), errors.of(ctx, r.message()));
    }
  }
}
