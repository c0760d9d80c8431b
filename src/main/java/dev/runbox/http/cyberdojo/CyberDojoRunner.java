package dev.runbox.http.cyberdojo;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.runbox.core.Readiness;
import dev.runbox.core.RunService;
import dev.runbox.http.Bodies;
import dev.runbox.http.Json;
import dev.runbox.http.JsonObjects;
import io.javalin.http.Context;
import java.util.Map;

/**
 * cyber-dojo's runner API: {@code run_cyber_dojo_sh}, {@code alive}, {@code ready} and {@code sha},
 * each on GET and POST with arguments in a JSON body. Errors are {@code {"exception": {...}}}.
 */
final class CyberDojoRunner {
  private final RunService runs;
  private final CyberDojoImages images;
  private final Readiness readiness;
  private final long maxBodyBytes;
  private final String sha;

  CyberDojoRunner(
      RunService runs, CyberDojoImages images, Readiness readiness, long maxBodyBytes, String sha) {
    this.runs = runs;
    this.images = images;
    this.readiness = readiness;
    this.maxBodyBytes = maxBodyBytes;
    this.sha = sha;
  }

  /**
   * cyber-dojo's error body: the path, who raised it and the message (no backtrace: it would only
   * show runbox's Java).
   */
  record ExceptionBody(@JsonProperty("exception") Detail exception) {
    record Detail(
        @JsonProperty("path") String path,
        @JsonProperty("class") String raisedBy,
        @JsonProperty("message") String message) {}

    static ExceptionBody of(Context ctx, String message) {
      return new ExceptionBody(new Detail(ctx.path(), "runbox", message));
    }
  }

  void run(Context ctx) {
    CyberDojoRun run =
        CyberDojoRun.of(
            JsonObjects.object(Bodies.read(ctx, maxBodyBytes)), images, runs.policy().maximum());
    Json.respond(ctx, 200, CyberDojoResult.of(run.id(), runs.run(run.request())));
  }

  void alive(Context ctx) {
    Json.respond(ctx, 200, Map.of("alive?", true));
  }

  void ready(Context ctx) {
    Json.respond(ctx, 200, Map.of("ready?", readiness.check().ready()));
  }

  void sha(Context ctx) {
    Json.respond(ctx, 200, Map.of("sha", sha));
  }
}
