package dev.runbox.http.piston;

import dev.runbox.core.RunService;
import dev.runbox.http.ApiHandler;
import dev.runbox.http.ImageDescriptions;
import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRouting;
import java.util.List;

/**
 * Drop-in compatibility with Piston's v2 API on runbox's port, served by the same run service,
 * catalog and limits as runbox's own API. Its bodies follow Piston's API, not runbox's OpenAPI
 * document; docs/compat.md describes them. Errors are {@code {"message": ...}}.
 */
public final class PistonApi {
  /** Every path served here. */
  public static final List<String> PATHS =
      List.of("/api/v2/runtimes", "/api/v2/execute", PistonConnect.PATH);

  private final PistonExecutor piston;
  private final PistonConnect connect;

  public PistonApi(RunService runs, ImageDescriptions catalog, long maxBodyBytes) {
    this.piston = new PistonExecutor(runs, new PistonRuntimes(catalog.manifests()), maxBodyBytes);
    this.connect = new PistonConnect(runs, piston, maxBodyBytes);
  }

  /**
   * Registers the routes; {@code guard} (the bearer-token check) runs before each, as it does for
   * {@code /v1/*}, and before the WebSocket upgrade of {@code /api/v2/connect}.
   */
  public void mount(JavalinDefaultRouting r, Handler guard) {
    r.before("/api/v2/*", guard);
    r.get("/api/v2/runtimes", new ApiHandler(piston::runtimes, PistonExecutor.Message::of));
    r.post("/api/v2/execute", new ApiHandler(piston::execute, PistonExecutor.Message::of));
    connect.mount(r, guard);
  }
}
