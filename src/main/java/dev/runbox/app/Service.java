package dev.runbox.app;

import dev.runbox.config.RunboxConfig;
import dev.runbox.core.AdmissionGate;
import dev.runbox.core.ImageSpec;
import dev.runbox.core.RunService;
import dev.runbox.http.HttpServer;
import dev.runbox.images.ImageCatalogDirectory;
import dev.runbox.metrics.MetricsObserver;
import dev.runbox.metrics.PrometheusRegistry;
import dev.runbox.sandbox.docker.DockerSandbox;
import dev.runbox.sandbox.docker.Engine;
import dev.runbox.sandbox.docker.EngineReadiness;
import dev.runbox.sandbox.docker.LiveRuns;
import dev.runbox.sandbox.docker.PoolSettings;
import dev.runbox.sandbox.docker.Reaper;
import dev.runbox.sandbox.docker.WarmPool;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running service, wired by hand: engine, warm sandbox, reaper, metrics, HTTP. Stops in
 * order on SIGTERM/SIGINT: stop accepting and let running requests finish, then stop the reaper,
 * remove warm containers and wait for pending removals, then close the engine.
 */
final class Service {
  private static final Logger log = LoggerFactory.getLogger(Service.class);
  private final RunboxConfig config;

  Service(RunboxConfig config) {
    this.config = config;
  }

  /** Orphans of an earlier, crashed instance go before this one takes requests. */
  private static void startUpRound(Reaper reaper) {
    try {
      log.info("reaper: start-up round removed {} orphaned container(s)", reaper.reapOnce());
    } catch (RuntimeException e) {
      log.warn("reaper: start-up round failed (engine unreachable?); the schedule retries: {}", e.toString());
    }
  }

  void runUntilStopped() throws InterruptedException {
    ImageCatalogDirectory catalog = AppLauncher.catalog(config);
    PrometheusMeterRegistry registry = PrometheusRegistry.create();
    AdmissionGate gate = new AdmissionGate(config.maxRunning(), config.maxQueued(), config.queueTimeout());
    MetricsObserver observer = new MetricsObserver(registry, gate::waiting, () -> gate.running(config.maxRunning()));
    Engine engine = AppLauncher.engine(config);
    List<WarmPool.Entry> warm = catalog.all().stream()
        .map((ImageSpec i) -> new WarmPool.Entry(i.ref(), i.defaultLimits(), config.poolSizeFor(i.name()))).toList();
    LiveRuns live = new LiveRuns();
    DockerSandbox sandbox = new DockerSandbox(engine, AppLauncher.settings(config),
        new PoolSettings(warm, config.poolMaxIdle(), config.maximumLimits().time()), live, observer, Clock.systemUTC());
    Reaper reaper = new Reaper(engine, Clock.systemUTC(), observer, config.instanceId(), live);
    startUpRound(reaper);
    reaper.schedule(config.reaperInterval());
    RunService runs = AppLauncher.runService(config, catalog, sandbox, gate, observer);
    EngineReadiness readiness = new EngineReadiness(engine, catalog.all().stream().map(ImageSpec::ref).toList());
    HttpServer server = new HttpServer(config, runs, catalog, readiness, registry).start();
    log.info("runbox listening on http://{}:{} (engine {}, {} images, instance {})", config.host(), server.port(),
        engine.host(), catalog.all().size(), config.instanceId());
    if (!readiness.check().ready()) {
      log.warn("not ready yet: {}", readiness.check().problems());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("runbox-shutdown").unstarted(() -> {
      log.info("stopping: no new requests; waiting for running ones");
      server.stop();
      reaper.close();
      sandbox.close();
      engine.close();
      log.info("stopped");
      stopped.countDown();
    }));
    stopped.await();
  }
}
