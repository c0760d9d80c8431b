package dev.runbox.compat;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * A route of a compatibility API: every failure is answered in that API's own error shape, so a
 * cyber-dojo or Piston client never sees runbox's problem documents from these routes.
 */
final class CompatHandler implements Handler {
  /** Wraps a refusal's message in the API's error body. */
  interface ErrorBody {
    Object of(Context ctx, String message);
  }

  private final Handler route;
  private final ErrorBody errors;

  CompatHandler(Handler route, ErrorBody errors) {
    this.route = route;
    this.errors = errors;
  }

  @Override
  public void handle(Context ctx) {
    try {
      route.handle(ctx);
    } catch (Exception e) {
      CompatFailure f = CompatFailure.of(e, ctx);
      f.headers().forEach(ctx::header);
      CompatJson.write(ctx, f.status(), errors.of(ctx, f.getMessage()));
    }
  }
}
