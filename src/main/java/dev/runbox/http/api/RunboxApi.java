package dev.runbox.http.api;

import dev.runbox.core.RunService;
import dev.runbox.core.jobs.JobService;
import dev.runbox.core.judge.JudgeService;
import dev.runbox.http.ImageDescriptions;
import dev.runbox.http.Refusal;
import dev.runbox.http.RefusalException;
import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRouting;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * runbox's own API under {@code /v1}: runs, judged submissions and the image catalog. Its refusals
 * are the server's problem documents (RFC 9457), described with its bodies in {@code
 * /openapi.json}.
 */
public final class RunboxApi {
  private final RunRoute run;
  private final RunSocket socket;
  private final JudgeRoute judge;
  private final Optional<JobRoutes> jobs;
  private final ImageRoutes images;

  /**
   * @param jobs the async API's use cases; empty when it is off (its routes then answer 503)
   */
  public RunboxApi(
      RunService runs,
      JudgeService judges,
      Optional<JobService> jobs,
      ImageDescriptions catalog,
      long maxBodyBytes,
      ScheduledExecutorService timers) {
    this.run = new RunRoute(runs, maxBodyBytes, timers);
    this.socket = new RunSocket(runs, maxBodyBytes, timers);
    this.judge = new JudgeRoute(judges, maxBodyBytes);
    this.jobs = jobs.map(j -> new JobRoutes(j, maxBodyBytes));
    this.images = new ImageRoutes(catalog, runs.policy().maximum());
  }

  /**
   * Registers the routes; {@code guard} (the bearer-token check) runs before each, and {@code
   * upgradeGuard} (the same check, also taking the token from the query) before a WebSocket's
   * upgrade.
   */
  public void mount(JavalinDefaultRouting r, Handler guard, Handler upgradeGuard) {
    r.before("/v1/*", guard);
    r.post("/v1/runs", run);
    r.wsBeforeUpgrade(RunSocket.PATH, upgradeGuard);
    r.ws(RunSocket.PATH, socket::configure);
    r.post("/v1/judge", judge);
    if (jobs.isPresent()) {
      JobRoutes j = jobs.get();
      r.post("/v1/jobs", j::submit);
      r.post("/v1/jobs/batch", j::batch);
      r.get("/v1/jobs", j::many);
      r.get("/v1/jobs/{id}", j::one);
      r.delete("/v1/jobs/{id}", j::cancel);
    } else {
      Handler off =
          ctx -> {
            throw new RefusalException(
                new Refusal(
                    Refusal.Kind.SANDBOX_UNAVAILABLE,
                    "the async API is off on this node (jobs_url=off): leave jobs_url unset (an"
                        + " SQLite file in data_dir) or set it to an SQLite file or a PostgreSQL"
                        + " database to turn it on",
                    "",
                    Map.of()));
          };
      r.post("/v1/jobs", off);
      r.post("/v1/jobs/batch", off);
      r.get("/v1/jobs", off);
      r.get("/v1/jobs/{id}", off);
      r.delete("/v1/jobs/{id}", off);
    }
    r.get("/v1/images", images::list);
    r.get("/v1/images/{name}", images::one);
  }
}
