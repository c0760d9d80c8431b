package dev.runbox.http;

import dev.runbox.core.Readiness;
import dev.runbox.core.RunService;
import dev.runbox.core.jobs.JobService;
import dev.runbox.core.judge.JudgeService;
import dev.runbox.http.api.RunboxApi;
import dev.runbox.http.cyberdojo.CyberDojoApi;
import dev.runbox.http.judge0.Judge0Api;
import dev.runbox.http.piston.PistonApi;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.staticfiles.Location;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge: runbox's own API ({@code /v1}), cyber-dojo's runner API, Piston's v2 API and
 * Judge0 CE's API over one run service, plus health, metrics, the API description and the
 * playground. One virtual thread per request; {@link #stop()} stops accepting and lets running
 * requests finish within the drain timeout it is given. With a Judge0 port configured, a second
 * connector of the same server listens there and answers Judge0's routes only, with the same
 * handlers, authentication and CORS as on the main port.
 */
public final class HttpServer {
  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

  private final HttpSettings settings;
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final Javalin app;
  private final AtomicReference<ServerConnector> judge0Connector = new AtomicReference<>();

  /** The live runs' timers: a start that does not come, an event stream's heartbeat. */
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("live-timers").daemon().factory());

  final BodyBudget bodies;

  /** A method and a path template as registered, e.g. {@code POST /v1/runs}. */
  record Route(String method, String path) {}

  /** How long a live run's WebSocket may be silent both ways before the server closes it. */
  static final java.time.Duration LIVE_IDLE_TIMEOUT = java.time.Duration.ofMinutes(5);

  public HttpServer(
      HttpSettings settings,
      RunService runs,
      JudgeService judges,
      Optional<JobService> jobs,
      ImageDescriptions images,
      Readiness readiness,
      PrometheusMeterRegistry registry) {
    this.settings = settings;
    RunboxApi runbox = new RunboxApi(runs, judges, jobs, images, settings.maxBodyBytes(), timers);
    CyberDojoApi cyberDojo = new CyberDojoApi(runs, images, readiness, settings.maxBodyBytes());
    PistonApi piston = new PistonApi(runs, images, settings.maxBodyBytes());
    Judge0Api judge0 =
        new Judge0Api(
            jobs,
            judges,
            images,
            settings.maxBodyBytes(),
            settings.tokens(),
            settings.judge0SignalsAsNzec());
    OpenRoutes open = new OpenRoutes(readiness, registry);
    BearerAuth auth = new BearerAuth(settings.tokens());
    AccessLog access = new AccessLog(registry);
    this.bodies = new BodyBudget(settings.maxBodiesBytes(), settings.maxBodyBytes());
    this.app =
        Javalin.create(
            cfg -> {
              configure(cfg, access);
              cfg.router.mount(
                  r -> {
                    r.before(this::judge0PortServesJudge0Only);
                    r.before(ctx -> ctx.attribute(Refusal.BUSY_STATUS, settings.busyStatus()));
                    runbox.mount(r, auth::check, auth::checkUpgrade);
                    r.get("/health/live", open::live);
                    r.get("/health/ready", open::ready);
                    r.get("/metrics", open::metrics);
                    r.get("/openapi.json", open::openApi);
                    cyberDojo.mount(r, auth::check);
                    piston.mount(r, auth::check);
                    judge0.mount(r);
                    // after the token checks: an unauthenticated request never holds any of the
                    // budget
                    r.before(bodies::enter);
                    r.after(bodies::leave);
                    r.exception(HttpResponseException.class, ErrorMapper::handle);
                    r.exception(Exception.class, ErrorMapper::handle);
                  });
            });
    if (!auth.enabled() && !settings.loopbackOnly()) {
      log.warn(
          "no API tokens configured while listening on {}: anyone who can reach it can run code",
          settings.host());
    }
  }

  private void configure(JavalinConfig cfg, AccessLog access) {
    cfg.useVirtualThreads = true;
    cfg.showJavalinBanner = false;
    cfg.startupWatcherEnabled = false;
    cfg.http.prefer405over404 = true;
    cfg.http.maxRequestSize = settings.maxBodyBytes();
    // the playground (/, /docs) and its WebJars: static pages over the public API, not routes of it
    cfg.staticFiles.add("/playground", Location.CLASSPATH);
    cfg.staticFiles.enableWebjars();
    cfg.requestLogger.http(access::log);
    cfg.events(
        e ->
            e.handlerAdded(
                h -> {
                  if (h.getHttpMethod().isHttpMethod()) {
                    routes.add(new Route(h.getHttpMethod().name(), h.getPath()));
                  }
                }));
    // a live run's start carries a whole run body; a live run may wait for input for its whole
    // time limit, so a socket outlives the HTTP idle timeout (still bounded)
    cfg.jetty.modifyWebSocketServletFactory(
        f -> {
          f.setMaxTextMessageSize(settings.maxBodyBytes() + 64 * 1024);
          f.setIdleTimeout(LIVE_IDLE_TIMEOUT);
        });
    cfg.jetty.modifyServer(
        server -> {
          server.setStopTimeout(settings.drainTimeout().toMillis());
          server.setErrorHandler(new JettyErrors());
        });
    cfg.jetty.addConnector(
        (server, http) -> {
          ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
          c.setHost(settings.host());
          c.setPort(settings.port());
          c.setIdleTimeout(settings.idleTimeout().toMillis());
          return c;
        });
    if (settings.judge0Port() != 0) {
      cfg.jetty.addConnector(
          (server, http) -> {
            ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
            c.setName("judge0");
            c.setHost(settings.host());
            c.setPort(settings.judge0Port());
            c.setIdleTimeout(settings.idleTimeout().toMillis());
            judge0Connector.set(c);
            return c;
          });
    }
  }

  /** On the Judge0 port, any path but Judge0's is not found, before any other check. */
  private void judge0PortServesJudge0Only(Context ctx) {
    ServerConnector judge0 = judge0Connector.get();
    if (judge0 != null
        && ctx.req().getLocalPort() == judge0.getLocalPort()
        && !Judge0Api.serves(ctx.path())) {
      throw new NotFoundResponse("not found: the Judge0 port serves Judge0's routes only");
    }
  }

  public HttpServer start() {
    app.start();
    log.info("listening on {}:{}", settings.host(), port());
    judge0Port()
        .ifPresent(p -> log.info("serving Judge0's routes on {}:{} too", settings.host(), p));
    return this;
  }

  /** The port bound, which differs from the configured one when that is 0. */
  public int port() {
    return app.port();
  }

  /** The Judge0 port bound, when one is configured. */
  public OptionalInt judge0Port() {
    ServerConnector c = judge0Connector.get();
    return c == null ? OptionalInt.empty() : OptionalInt.of(c.getLocalPort());
  }

  /** Stops accepting connections and waits for running requests, at most the drain timeout. */
  public void stop() {
    log.info(
        "stopping: waiting up to {} s for running requests", settings.drainTimeout().toSeconds());
    app.stop();
    timers.shutdownNow();
  }

  List<Route> routes() {
    return List.copyOf(routes);
  }
}
