package dev.runbox.http;

import dev.runbox.compat.CompatRoutes;
import dev.runbox.config.RunboxConfig;
import dev.runbox.core.Readiness;
import dev.runbox.core.RunService;
import dev.runbox.images.ImageCatalogDirectory;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: runs, the image catalog, health, metrics and its own OpenAPI description. One
 * virtual thread per request; {@link #stop()} stops accepting and lets running requests finish
 * within a deadline long enough for the longest queued run.
 */
public final class HttpServer {
  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
  private static final Duration MARGIN = Duration.ofSeconds(30);
  /**
   * How long a connection may sit with no bytes moving. Jetty does not apply it while a handler
   * runs without I/O, so a long run is not cut; it only bounds idle and slow (slowloris) clients.
   */
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  private final RunboxConfig config;
  private final Duration longestRequest;
  private final Duration idleTimeout;
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final Javalin app;
  final BodyBudget bodies;

  /** A method and a path template as registered, e.g. {@code POST /v1/runs}. */
  record Route(String method, String path) {}

  public HttpServer(RunboxConfig config, RunService runs, ImageCatalogDirectory catalog, Readiness readiness, PrometheusMeterRegistry registry) {
    this(config, runs, catalog, readiness, registry, IDLE_TIMEOUT);
  }

  HttpServer(RunboxConfig config, RunService runs, ImageCatalogDirectory catalog, Readiness readiness, PrometheusMeterRegistry registry,
      Duration idleTimeout) {
    this.config = config;
    this.idleTimeout = idleTimeout;
    this.longestRequest = config.admission().queueTimeout().plus(config.limits().maximum().time()).plus(config.docker().outerGrace()).plus(MARGIN);
    RunRoute run = new RunRoute(runs, config.server().maxBodyBytes(), config.limits().maxFiles());
    ImageRoutes images = new ImageRoutes(catalog, config.limits().maximum());
    OpenRoutes open = new OpenRoutes(readiness, registry);
    BearerAuth auth = new BearerAuth(config.server().tokens());
    AccessLog access = new AccessLog(registry);
    this.bodies = new BodyBudget(config.server().maxBodiesBytes(), config.server().maxBodyBytes());
    this.app = Javalin.create(cfg -> {
      configure(cfg, access);
      cfg.router.mount(r -> {
        r.before("/v1/*", auth::check);
        r.post("/v1/runs", run);
        r.get("/v1/images", images::list);
        r.get("/v1/images/{name}", images::one);
        r.get("/health/live", open::live);
        r.get("/health/ready", open::ready);
        r.get("/metrics", open::metrics);
        r.get("/openapi.json", open::openApi);
        new CompatRoutes(runs, catalog, readiness, config.limits().maximum(), config.server().maxBodyBytes(), config.limits().maxFiles()).mount(r, auth::check);
        // after the token checks: an unauthenticated request never holds any of the budget
        r.before(bodies::enter);
        r.after(bodies::leave);
        r.exception(HttpResponseException.class, ErrorMapper::handle);
        r.exception(Exception.class, ErrorMapper::handle);
      });
    });
    if (!auth.enabled() && !config.server().loopbackOnly()) {
      log.warn("no API tokens configured while listening on {}: anyone who can reach it can run code", config.server().host());
    }
  }

  private void configure(JavalinConfig cfg, AccessLog access) {
    cfg.useVirtualThreads = true;
    cfg.showJavalinBanner = false;
    cfg.startupWatcherEnabled = false;
    cfg.http.prefer405over404 = true;
    cfg.http.maxRequestSize = config.server().maxBodyBytes();
    // the playground (/, /docs) and its WebJars: static pages over the public API, not routes of it
    cfg.staticFiles.add("/playground", Location.CLASSPATH);
    cfg.staticFiles.enableWebjars();
    cfg.requestLogger.http(access::log);
    cfg.events(e -> e.handlerAdded(h -> {
      if (h.getHttpMethod().isHttpMethod()) {
        routes.add(new Route(h.getHttpMethod().name(), h.getPath()));
      }
    }));
    cfg.jetty.modifyServer(server -> {
      server.setStopTimeout(longestRequest.toMillis());
      server.setErrorHandler(new JettyErrors());
    });
    cfg.jetty.addConnector((server, http) -> {
      ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
      c.setHost(config.server().host());
      c.setPort(config.server().port());
      c.setIdleTimeout(idleTimeout.toMillis());
      return c;
    });
  }

  public HttpServer start() {
    app.start();
    log.info("listening on {}:{}", config.server().host(), port());
    return this;
  }

  /** The port bound, which differs from the configured one when that is 0. */
  public int port() {
    return app.port();
  }

  /** Stops accepting connections and waits for running requests, at most the longest a request may take. */
  public void stop() {
    log.info("stopping: waiting up to {} s for running requests", longestRequest.toSeconds());
    app.stop();
  }

  List<Route> routes() {
    return List.copyOf(routes);
  }
}
