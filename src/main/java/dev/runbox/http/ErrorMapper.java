package dev.runbox.http;

import io.javalin.http.Context;

/**
 * The server's answer to a failure outside the compatibility routes: the {@link Refusal} as an RFC
 * 9457 problem, with its status and headers.
 */
final class ErrorMapper {
  private ErrorMapper() {}

  static void handle(Exception e, Context ctx) {
    Refusal r = Refusal.of(e, ctx);
    r.headers().forEach(ctx::header);
    write(ctx, Problem.of(r));
  }

  static void write(Context ctx, Problem problem) {
    ctx.status(problem.status()).contentType(Problem.CONTENT_TYPE).result(Json.write(problem));
  }
}
