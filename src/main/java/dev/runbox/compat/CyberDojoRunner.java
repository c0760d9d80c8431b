package dev.runbox.compat;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.runbox.core.Limits;
import dev.runbox.core.Readiness;
import dev.runbox.core.RunService;
import io.javalin.http.Context;
import java.util.Map;
import org.slf4j.MDC;

/**
 * cyber-dojo's runner API: {@code run_cyber_dojo_sh}, {@code alive}, {@code ready} and {@code sha},
 * each on GET and POST with arguments in a JSON body. Errors are {@code {"exception": {...}}}.
 */
final class CyberDojoRunner {
  private final RunService runs;
  private final CyberDojoImages images;
  private final Readiness readiness;
  private final Limits maximum;
  private final long maxBodyBytes;
  private final int maxFiles;
  private final String sha;

  CyberDojoRunner(RunService runs, CyberDojoImages images, Readiness readiness, Limits maximum, long maxBodyBytes, int maxFiles,
      String sha) {
    this.runs = runs;
    this.images = images;
    this.readiness = readiness;
    this.maximum = maximum;
    this.maxBodyBytes = maxBodyBytes;
    this.maxFiles = maxFiles;
    this.sha = sha;
  }

  /** cyber-dojo's error body: the path, who raised it and the message (no backtrace: it would only show runbox's Java). */
  record ExceptionBody(@JsonProperty("exception") Detail exception) {
    record Detail(@JsonProperty("path") String path, @JsonProperty("class") String raisedBy, @JsonProperty("message") String message) {}

    static ExceptionBody of(Context ctx, String message) {
      return new ExceptionBody(new Detail(ctx.path(), "runbox", message));
    }
  }

  void run(Context ctx) {
    CyberDojoRun run = CyberDojoRun.of(CompatJson.readObject(ctx, maxBodyBytes), images, maximum, maxFiles, maxBodyBytes);
    RunService.Prepared prepared = runs.prepare(run.request());
    MDC.put("run", prepared.job().runId());
    try {
      CompatJson.write(ctx, 200, CyberDojoResult.of(run.id(), runs.run(prepared)));
    } finally {
      MDC.remove("run");
    }
  }

  void alive(Context ctx) {
    CompatJson.write(ctx, 200, Map.of("alive?", true));
  }

  void ready(Context ctx) {
    CompatJson.write(ctx, 200, Map.of("ready?", readiness.check().ready()));
  }

  void sha(Context ctx) {
    CompatJson.write(ctx, 200, Map.of("sha", sha));
  }
}
