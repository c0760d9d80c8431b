package dev.runbox.http.cyberdojo;

import dev.runbox.core.Readiness;
import dev.runbox.core.RunService;
import dev.runbox.http.ApiHandler;
import dev.runbox.http.ImageDescriptions;
import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * Drop-in compatibility with cyber-dojo's runner API on runbox's port, served by the same run
 * service, catalog and limits as runbox's own API. Its bodies follow that API, not runbox's OpenAPI
 * document; docs/compat.md describes them.
 */
public final class CyberDojoApi {
  /** Every path served here. */
  public static final List<String> PATHS =
      List.of("/run_cyber_dojo_sh", "/alive", "/ready", "/sha");

  private final CyberDojoRunner runner;

  public CyberDojoApi(
      RunService runs, ImageDescriptions catalog, Readiness readiness, long maxBodyBytes) {
    this.runner =
        new CyberDojoRunner(
            runs, new CyberDojoImages(catalog.manifests()), readiness, maxBodyBytes, sha());
  }

  /**
   * Registers the routes. {@code guard} (the bearer-token check) runs before the route that runs
   * code, as it does for {@code /v1/*}; cyber-dojo's probes stay open like {@code /health/*}.
   * cyber-dojo's web sends its arguments as a JSON body on GET or POST; both are served.
   */
  public void mount(JavalinDefaultRouting r, Handler guard) {
    r.before("/run_cyber_dojo_sh", guard);
    route("/run_cyber_dojo_sh", r, runner::run);
    route("/alive", r, runner::alive);
    route("/ready", r, runner::ready);
    route("/sha", r, runner::sha);
  }

  private static void route(String path, JavalinDefaultRouting r, Handler route) {
    Handler h = new ApiHandler(route, CyberDojoRunner.ExceptionBody::of);
    r.get(path, h);
    r.post(path, h);
  }

  /** The version Maven stamped into the jar; "unknown" when running from classes (tests, IDE). */
  static String sha() {
    try (InputStream in =
        CyberDojoApi.class.getResourceAsStream(
            "/META-INF/maven/dev.runbox/runbox/pom.properties")) {
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
