package dev.runbox.http.judge0;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * CORS as Judge0 CE answers it (rack-cors 1.1 with every origin, any header, any method): a request
 * with an {@code Origin} gets {@code Access-Control-Allow-Origin: *} and the rest of rack-cors's
 * headers, every answer but a preflight says {@code Vary: Origin}, and a preflight ({@code OPTIONS}
 * with {@code Origin} and {@code Access-Control-Request-Method}) is answered 200 with an empty
 * body, its requested headers allowed, before any token check.
 */
final class Judge0Cors {
  static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
  static final String MAX_AGE = "7200";

  private Judge0Cors() {}

  static boolean preflight(Context ctx) {
    return ctx.method() == HandlerType.OPTIONS
        && ctx.header("Origin") != null
        && ctx.header("Access-Control-Request-Method") != null;
  }

  /** Before every Judge0 route: the headers rack-cors adds. */
  static void headers(Context ctx) {
    if (!preflight(ctx)) {
      ctx.header("Vary", "Origin");
    }
    if (ctx.header("Origin") == null) {
      return;
    }
    ctx.header("Access-Control-Allow-Origin", "*");
    ctx.header("Access-Control-Allow-Methods", METHODS);
    ctx.header("Access-Control-Expose-Headers", "");
    ctx.header("Access-Control-Max-Age", MAX_AGE);
    String requested = ctx.header("Access-Control-Request-Headers");
    if (preflight(ctx) && requested != null) {
      ctx.header("Access-Control-Allow-Headers", requested);
    }
  }

  /**
   * {@code OPTIONS} on a Judge0 route: a preflight is allowed (200, empty body); anything else is
   * not a route, as in Judge0.
   */
  static void options(Context ctx) {
    if (preflight(ctx)) {
      ctx.status(200).result("");
    } else {
      ctx.status(404).result("");
    }
  }
}
