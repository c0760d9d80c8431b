package dev.runbox.app;

import dev.runbox.config.RunboxConfig;
import dev.runbox.core.AdmissionGate;
import dev.runbox.core.Readiness;
import dev.runbox.core.RunService;
import dev.runbox.core.Sandbox;
import dev.runbox.core.jobs.JobWorker;
import dev.runbox.core.judge.JudgeService;
import dev.runbox.http.HttpServer;
import dev.runbox.images.ImageCatalogDirectory;
import dev.runbox.sandbox.docker.Engine;
import dev.runbox.sandbox.docker.Reaper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One assembled runbox, as {@link Wiring} built it. {@link #start()} removes the orphans of an
 * earlier, crashed instance, schedules the reaper and starts the HTTP server; {@link #close()}
 * stops in order: stop accepting and let running requests finish, stop the reaper, remove the warm
 * containers and wait for pending removals, close the engine.
 */
public final class Runbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Runbox.class);
  private final RunboxConfig config;
  private final ImageCatalogDirectory catalog;
  private final RunService runs;
  private final JudgeService judges;
  private final Sandbox sandbox;
  private final AdmissionGate gate;
  private final PrometheusMeterRegistry registry;
  private final Readiness readiness;
  private final Optional<HttpServer> server;
  private final Optional<Reaper> reaper;
  private final Optional<JobWorker> jobs;
  private final Optional<Engine> engine;
  private final List<AutoCloseable> closeables;

  Runbox(
      RunboxConfig config,
      ImageCatalogDirectory catalog,
      RunService runs,
      JudgeService judges,
      Sandbox sandbox,
      AdmissionGate gate,
      PrometheusMeterRegistry registry,
      Readiness readiness,
      Optional<HttpServer> server,
      Optional<Reaper> reaper,
      Optional<JobWorker> jobs,
      Optional<Engine> engine,
      List<AutoCloseable> closeables) {
    this.config = config;
    this.catalog = catalog;
    this.runs = runs;
    this.judges = judges;
    this.sandbox = sandbox;
    this.gate = gate;
    this.registry = registry;
    this.readiness = readiness;
    this.server = server;
    this.reaper = reaper;
    this.jobs = jobs;
    this.engine = engine;
    this.closeables = List.copyOf(closeables);
  }

  /** Reaps orphans (before any request is taken), schedules the reaper, starts listening. */
  public Runbox start() {
    reaper.ifPresent(
        r -> {
          startUpRound(r);
          r.schedule(config.reaperInterval());
        });
    server.ifPresent(HttpServer::start);
    jobs.ifPresent(JobWorker::start);
    return this;
  }

  private static void startUpRound(Reaper reaper) {
    try {
      log.info("reaper: start-up round removed {} orphaned container(s)", reaper.reapOnce());
    } catch (RuntimeException e) {
      log.warn(
          "reaper: start-up round failed (engine unreachable?); the schedule retries: {}",
          e.toString());
    }
  }

  /**
   * Stops in order; each step is bounded by its own deadline, and a failing step does not skip the
   * next.
   */
  @Override
  public void close() {
    server.ifPresent(HttpServer::stop);
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }

  public RunboxConfig config() {
    return config;
  }

  public ImageCatalogDirectory catalog() {
    return catalog;
  }

  public RunService runs() {
    return runs;
  }

  public JudgeService judges() {
    return judges;
  }

  /** The sandbox runs go to (tests reach their own through it). */
  public Sandbox sandbox() {
    return sandbox;
  }

  public AdmissionGate gate() {
    return gate;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public Readiness readiness() {
    return readiness;
  }

  /** The HTTP server of a service graph. */
  public HttpServer server() {
    return server.orElseThrow(() -> new IllegalStateException("this runbox has no HTTP server"));
  }

  /** The port the HTTP server listens on (the bound one when the configured port is 0). */
  public int port() {
    return server().port();
  }

  Optional<Engine> engine() {
    return engine;
  }
}
