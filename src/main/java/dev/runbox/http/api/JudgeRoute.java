package dev.runbox.http.api;

import dev.runbox.core.judge.JudgeService;
import dev.runbox.http.AccessLog;
import dev.runbox.http.Bodies;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * {@code POST /v1/judge}: reads and checks the submission, judges it and answers 200 with a verdict
 * per test. Like a run, a judge is never interrupted: a client that goes away still lets it finish
 * and clean up.
 */
final class JudgeRoute implements Handler {
  private final JudgeService judges;
  private final long maxBodyBytes;

  JudgeRoute(JudgeService judges, long maxBodyBytes) {
    this.judges = judges;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(Context ctx) throws Exception {
    Bodies.requireJson(ctx.req().getContentType());
    JudgeService.Prepared prepared =
        judges.prepare(JudgeBodies.read(Bodies.read(ctx, maxBodyBytes)));
    AccessLog.runId(ctx, prepared.id());
    ctx.status(200)
        .contentType("application/json")
        .result(JudgeBodies.write(judges.judge(prepared)));
  }
}
