package dev.runbox.http.api;

import dev.runbox.core.RunService;
import dev.runbox.core.judge.JudgeService;
import dev.runbox.http.ImageDescriptions;
import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRouting;

/**
 * runbox's own API under {@code /v1}: runs, judged submissions and the image catalog. Its refusals
 * are the server's problem documents (RFC 9457), described with its bodies in {@code
 * /openapi.json}.
 */
public final class RunboxApi {
  private final RunRoute run;
  private final JudgeRoute judge;
  private final ImageRoutes images;

  public RunboxApi(
      RunService runs, JudgeService judges, ImageDescriptions catalog, long maxBodyBytes) {
    this.run = new RunRoute(runs, maxBodyBytes);
    this.judge = new JudgeRoute(judges, maxBodyBytes);
    this.images = new ImageRoutes(catalog, runs.policy().maximum());
  }

  /** Registers the routes; {@code guard} (the bearer-token check) runs before each. */
  public void mount(JavalinDefaultRouting r, Handler guard) {
    r.before("/v1/*", guard);
    r.post("/v1/runs", run);
    r.post("/v1/judge", judge);
    r.get("/v1/images", images::list);
    r.get("/v1/images/{name}", images::one);
  }
}
