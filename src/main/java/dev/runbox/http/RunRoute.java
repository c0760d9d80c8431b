package dev.runbox.http;

import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.RunRequest;
import dev.runbox.core.RunResult;
import dev.runbox.core.RunService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.MDC;

/**
 * {@code POST /v1/runs}: reads and checks the body, runs it and answers 200 with what happened.
 * The run is never interrupted: a client that goes away still lets it finish and clean up.
 */
final class RunRoute implements Handler {
  private final RunService runs;
  private final long maxBodyBytes;
  private final int maxFiles;

  RunRoute(RunService runs, long maxBodyBytes, int maxFiles) {
    this.runs = runs;
    this.maxBodyBytes = maxBodyBytes;
    this.maxFiles = maxFiles;
  }

  @Override
  public void handle(Context ctx) throws Exception {
    byte[] raw = BoundedBody.readJson(ctx, maxBodyBytes);
    RunBody body = Json.read(raw, RunBody.class);
    if (body == null) {
      throw new InvalidRequestException("", "the body must be a JSON object");
    }
    RunRequest request = RunBodies.toRequest(body, maxFiles, maxBodyBytes);
    RunService.Prepared prepared = runs.prepare(request);
    String runId = prepared.job().runId();
    AccessLog.runId(ctx, runId);
    MDC.put("run", runId);
    try {
      RunResult result = runs.run(prepared);
      ctx.contentType("application/json").result(Json.write(RunResponse.of(result)));
    } finally {
      MDC.remove("run");
    }
  }
}
