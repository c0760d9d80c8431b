package dev.runbox.http.api;

import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.RunService;
import dev.runbox.http.AccessLog;
import dev.runbox.http.Bodies;
import dev.runbox.http.Json;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code POST /v1/runs}: reads and checks the body, runs it and answers 200 with what happened. The
 * run is never interrupted: a client that goes away still lets it finish and clean up. With {@code
 * Accept: text/event-stream} the run is streamed instead ({@link RunStream}).
 */
final class RunRoute implements Handler {
  private final RunService runs;
  private final long maxBodyBytes;
  private final ScheduledExecutorService timers;

  RunRoute(RunService runs, long maxBodyBytes, ScheduledExecutorService timers) {
    this.runs = runs;
    this.maxBodyBytes = maxBodyBytes;
    this.timers = timers;
  }

  @Override
  public void handle(Context ctx) throws Exception {
    Bodies.requireJson(ctx.req().getContentType());
    RunBody body = Json.read(Bodies.read(ctx, maxBodyBytes), RunBody.class);
    if (body == null) {
      throw new InvalidRequestException("", "the body must be a JSON object");
    }
    RunService.Prepared prepared = runs.prepare(RunBodies.toRequest(body));
    AccessLog.runId(ctx, prepared.runId());
    if (RunStream.wanted(ctx)) {
      RunStream.serve(ctx, runs, prepared, timers);
      return;
    }
    Json.respond(ctx, 200, RunResponse.of(runs.run(prepared)));
  }
}
