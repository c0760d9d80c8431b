package dev.runbox.compat;

import dev.runbox.core.Limits;
import dev.runbox.core.Readiness;
import dev.runbox.core.RunService;
import dev.runbox.images.ImageCatalogDirectory;
import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * Drop-in compatibility on runbox's port: cyber-dojo's runner API and Piston's v2 API, served by
 * the same run service, catalog and limits as runbox's own API. Their bodies follow those APIs,
 * not runbox's OpenAPI document; the README's "Drop-in compatibility" describes them.
 */
public final class CompatRoutes {
  /** Every path served here. */
  public static final List<String> PATHS = List.of("/run_cyber_dojo_sh", "/alive", "/ready", "/sha", "/api/v2/runtimes", "/api/v2/execute");

  private final CyberDojoRunner cyberDojo;
  private final PistonExecutor piston;

  public CompatRoutes(RunService runs, ImageCatalogDirectory catalog, Readiness readiness, Limits maximum, long maxBodyBytes, int maxFiles) {
    this.cyberDojo = new CyberDojoRunner(runs, new CyberDojoImages(catalog.manifests()), readiness, maximum, maxBodyBytes, maxFiles, sha());
    this.piston = new PistonExecutor(runs, new PistonRuntimes(catalog.manifests()), maximum, maxBodyBytes, maxFiles);
  }

  /**
   * Registers the routes. {@code guard} (the bearer-token check) runs before every route that runs
   * code or lists the catalog, as it does for {@code /v1/*}; cyber-dojo's probes stay open like {@code /health/*}.
   */
  public void mount(JavalinDefaultRouting r, Handler guard) {
    r.before("/run_cyber_dojo_sh", guard);
    r.before("/api/v2/*", guard);
    cyberDojo("/run_cyber_dojo_sh", r, cyberDojo::run);
    cyberDojo("/alive", r, cyberDojo::alive);
    cyberDojo("/ready", r, cyberDojo::ready);
    cyberDojo("/sha", r, cyberDojo::sha);
    r.get("/api/v2/runtimes", new CompatHandler(piston::runtimes, PistonExecutor.Message::of));
    r.post("/api/v2/execute", new CompatHandler(piston::execute, PistonExecutor.Message::of));
  }

  /** cyber-dojo's web sends its arguments as a JSON body on GET or POST; both are served. */
  private static void cyberDojo(String path, JavalinDefaultRouting r, Handler route) {
    Handler h = new CompatHandler(route, CyberDojoRunner.ExceptionBody::of);
    r.get(path, h);
    r.post(path, h);
  }

  /** The version Maven stamped into the jar; "unknown" when running from classes (tests, IDE). */
  static String sha() {
    try (InputStream in = CompatRoutes.class.getResourceAsStream("/META-INF/maven/dev.runbox/runbox/pom.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the build's pom.properties", e);
    }
  }
}
