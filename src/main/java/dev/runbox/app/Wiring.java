package dev.runbox.app;

import dev.runbox.config.ConfigException;
import dev.runbox.config.RunboxConfig;
import dev.runbox.core.AdmissionGate;
import dev.runbox.core.Deadlines;
import dev.runbox.core.ImageSpec;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Readiness;
import dev.runbox.core.RunObserver;
import dev.runbox.core.RunPolicy;
import dev.runbox.core.RunService;
import dev.runbox.core.Sandbox;
import dev.runbox.core.jobs.JobCallbacks;
import dev.runbox.core.jobs.JobService;
import dev.runbox.core.jobs.JobStore;
import dev.runbox.core.jobs.JobWorker;
import dev.runbox.core.judge.JudgePolicy;
import dev.runbox.core.judge.JudgeService;
import dev.runbox.http.HttpServer;
import dev.runbox.http.HttpSettings;
import dev.runbox.http.api.JobRequests;
import dev.runbox.http.api.JobViews;
import dev.runbox.http.judge0.Judge0Api;
import dev.runbox.images.CatalogBuilder;
import dev.runbox.images.ImageCatalogDirectory;
import dev.runbox.images.ImageManifest;
import dev.runbox.jobs.callback.Backoff;
import dev.runbox.jobs.callback.CallbackGuard;
import dev.runbox.jobs.callback.CallbackRequest;
import dev.runbox.jobs.callback.CallbackSender;
import dev.runbox.jobs.callback.CallbackSignature;
import dev.runbox.jobs.callback.Deliveries;
import dev.runbox.jobs.store.JobStores;
import dev.runbox.metrics.JobMetrics;
import dev.runbox.metrics.MetricsObserver;
import dev.runbox.metrics.PrometheusRegistry;
import dev.runbox.sandbox.docker.DockerSandbox;
import dev.runbox.sandbox.docker.DockerSandboxSettings;
import dev.runbox.sandbox.docker.Engine;
import dev.runbox.sandbox.docker.EngineReadiness;
import dev.runbox.sandbox.docker.ImageBuilder;
import dev.runbox.sandbox.docker.LiveRuns;
import dev.runbox.sandbox.docker.PoolSettings;
import dev.runbox.sandbox.docker.Reaper;
import dev.runbox.sandbox.docker.WarmPool;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one place runbox's object graph is built by hand: for the service, for the command line's
 * one-shot commands, and for every test harness. By default every part is the real one (the Docker
 * sandbox on the configured engine, its warm pool and reaper, the engine's readiness); a test may
 * hand in its own sandbox (a fake, or a Docker sandbox of its own), its own readiness and its own
 * run ids, and leave the reaper out. The closeables are kept in shutdown order.
 */
public final class Wiring {
  private static final Backoff CALLBACK_BACKOFF = Backoff.defaults();
  private static final Duration CALLBACK_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration CALLBACK_READ_TIMEOUT = Duration.ofSeconds(10);
  private final RunboxConfig config;
  private Optional<Sandbox> sandbox = Optional.empty();
  private Optional<Readiness> readiness = Optional.empty();
  private Supplier<String> runIds = () -> UUID.randomUUID().toString();
  private boolean reaper = true;
  private Duration idleTimeout = HttpSettings.IDLE_TIMEOUT;
  private Path catalogPath;

  private Wiring(RunboxConfig config) {
    this.config = config;
    this.catalogPath = config.catalog();
  }

  /** The real graph for this configuration. */
  public static Wiring of(RunboxConfig config) {
    return new Wiring(config);
  }

  /**
   * Runs go to this sandbox instead of a Docker sandbox on the configured engine; no engine is
   * opened.
   */
  public Wiring sandbox(Sandbox s) {
    this.sandbox = Optional.of(s);
    return this;
  }

  /** Readiness as this says instead of the engine's (required with a sandbox handed in). */
  public Wiring readiness(Readiness r) {
    this.readiness = Optional.of(r);
    return this;
  }

  public Wiring runIds(Supplier<String> ids) {
    this.runIds = ids;
    return this;
  }

  /**
   * No reaper: a reaper judges every runbox container on the engine, and test suites share one; a
   * test removes only what its own instance labelled.
   */
  public Wiring withoutReaper() {
    this.reaper = false;
    return this;
  }

  /**
   * How long an HTTP connection may sit with no bytes moving (tests of slow clients shorten it).
   */
  public Wiring idleTimeout(Duration d) {
    this.idleTimeout = d;
    return this;
  }

  /** The folder of image manifests, when it differs from the configured one. */
  public Wiring catalog(Path folder) {
    this.catalogPath = folder;
    return this;
  }

  /**
   * The deadlines of the longest run the configuration allows, from which the service's own waits
   * derive.
   */
  private Deadlines longestRun() {
    return settings().deadlines(config.limits().maximum().time());
  }

  /** The HTTP service's graph, not yet started: {@link Runbox#start()} starts it. */
  public Runbox service() {
    createDataDir();
    ImageCatalogDirectory catalog = catalog();
    PrometheusMeterRegistry registry = PrometheusRegistry.create();
    AdmissionGate gate = gate();
    int maxRunning = config.admission().maxRunning();
    MetricsObserver observer =
        new MetricsObserver(registry, gate::waiting, () -> gate.running(maxRunning));
    Parts parts = sandboxParts(catalog, observer, true);
    RunService runs =
        new RunService(
            catalog, parts.sandbox(), policy(), gate, observer, runIds, Clock.systemUTC());
    JudgeService judges = judges(catalog, parts.sandbox(), gate);
    Optional<JobStore> store = config.jobs().url().map(Wiring::jobStore);
    JobRequests codec = new JobRequests(runs, judges);
    Optional<CallbackSender> sender = store.flatMap(s -> callbackSender());
    Optional<JobMetrics> jobMetrics = store.map(s -> new JobMetrics(registry, s::counts));
    Optional<JobWorker> worker =
        store.map(
            s ->
                new JobWorker(
                    s,
                    codec,
                    sender
                        .<JobCallbacks>map(
                            c ->
                                new Deliveries(
                                    s,
                                    c,
                                    CALLBACK_BACKOFF,
                                    Clock.systemUTC(),
                                    () -> jobMetrics.ifPresent(JobMetrics::callbackFailed),
                                    CallbackRequest.byKind(
                                        JobViews::json,
                                        Judge0Api.callbackBodies(
                                            catalog::manifests,
                                            config.server().judge0SignalsAsNzec()))))
                        .orElse(JobCallbacks.NONE),
                    gate,
                    workerSettings(),
                    Clock.systemUTC(),
                    n -> jobMetrics.ifPresent(m -> m.redelivered(n)),
                    parts.sandbox()::cancel));
    Consumer<String> callbackCheck =
        sender.isPresent() ? callbackGuard()::check : Wiring::refuseCallbacks;
    Optional<JobService> jobs =
        store.map(
            s ->
                new JobService(
                    s,
                    codec,
                    runIds,
                    config.jobs().maxAttempts(),
                    callbackCheck,
                    () -> worker.ifPresent(JobWorker::wake),
                    id -> worker.ifPresent(w -> w.cancelled(id)),
                    sender.isPresent()
                        ? new JobService.Callbacks(
                            true,
                            CALLBACK_BACKOFF.maxAttempts(),
                            CALLBACK_CONNECT_TIMEOUT.plus(CALLBACK_READ_TIMEOUT))
                        : JobService.Callbacks.OFF));
    List<AutoCloseable> closeables = new ArrayList<>();
    worker.ifPresent(closeables::add);
    sender.ifPresent(closeables::add);
    closeables.addAll(parts.closeables());
    store.ifPresent(closeables::add);
    HttpServer server =
        new HttpServer(
            httpSettings(), runs, judges, jobs, catalog::manifests, parts.readiness(), registry);
    return new Runbox(
        config,
        catalog,
        runs,
        judges,
        parts.sandbox(),
        gate,
        registry,
        parts.readiness(),
        Optional.of(server),
        parts.reaper(),
        worker,
        parts.engine(),
        closeables);
  }

  /**
   * The one-shot graph of the command line: no warm pool, no reaper, no HTTP server, no metrics.
   */
  public Runbox oneShot() {
    ImageCatalogDirectory catalog = catalog();
    AdmissionGate gate = gate();
    Parts parts = sandboxParts(catalog, RunObserver.NONE, false);
    RunService runs =
        new RunService(
            catalog, parts.sandbox(), policy(), gate, RunObserver.NONE, runIds, Clock.systemUTC());
    return new Runbox(
        config,
        catalog,
        runs,
        judges(catalog, parts.sandbox(), gate),
        parts.sandbox(),
        gate,
        PrometheusRegistry.create(),
        parts.readiness(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        parts.engine(),
        parts.closeables());
  }

  /** Where runs go, what says they can, and what must be closed (in order) when runbox stops. */
  private record Parts(
      Sandbox sandbox,
      Readiness readiness,
      Optional<Engine> engine,
      Optional<Reaper> reaper,
      List<AutoCloseable> closeables) {}

  /**
   * The sandbox handed in, or the Docker sandbox on the configured engine: for the service with its
   * warm pool, its reaper (unless left out) and the engine's readiness; for a one-shot command with
   * none of them.
   */
  private Parts sandboxParts(ImageCatalogDirectory catalog, RunObserver observer, boolean serving) {
    if (sandbox.isPresent()) {
      Readiness ready =
          serving
              ? readiness.orElseThrow(
                  () -> new IllegalStateException("a sandbox handed in needs its readiness too"))
              : readiness.orElse(Readiness.READY);
      return new Parts(sandbox.get(), ready, Optional.empty(), Optional.empty(), List.of());
    }
    PoolSettings pool = serving ? pool(catalog) : PoolSettings.none();
    Engine engine = engine(pool);
    LiveRuns live = new LiveRuns();
    DockerSandbox docker =
        new DockerSandbox(engine, settings(), pool, live, observer, Clock.systemUTC());
    Optional<Reaper> reaper =
        serving && this.reaper
            ? Optional.of(
                new Reaper(engine, Clock.systemUTC(), observer, config.docker().instanceId(), live))
            : Optional.empty();
    List<AutoCloseable> closeables = new ArrayList<>();
    reaper.ifPresent(closeables::add);
    closeables.add(docker);
    closeables.add(engine);
    Readiness ready =
        readiness.orElseGet(
            () ->
                new EngineReadiness(
                    engine, catalog.all().stream().map(ImageSpec::ref).distinct().toList()));
    return new Parts(docker, ready, Optional.of(engine), reaper, closeables);
  }

  private PoolSettings pool(ImageCatalogDirectory catalog) {
    List<WarmPool.Entry> warm =
        catalog.manifests().stream()
            .filter(ImageManifest::ownsImage)
            .map(ImageManifest::spec)
            .map(
                i ->
                    new WarmPool.Entry(
                        i.ref(),
                        i.defaultLimits(),
                        config.pool().minFor(i.name()),
                        config.pool().sizeFor(i.name())))
            .toList();
    return new PoolSettings(
        warm,
        config.pool().maxIdle(),
        config.limits().maximum().time(),
        config.pool().maxRefills());
  }

  private JudgeService judges(ImageCatalogDirectory catalog, Sandbox sandbox, AdmissionGate gate) {
    return new JudgeService(
        catalog,
        sandbox,
        new JudgePolicy(policy(), config.limits().maxTests(), config.limits().maxTestInputBytes()),
        gate,
        runIds);
  }

  /** The service's data folder, made when missing; one that cannot be made stops the start. */
  private void createDataDir() {
    Path dir = config.dataDir();
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new ConfigException(
          "data_dir", "data_dir " + dir + " exists and is not a folder (set data_dir)", e);
    } catch (IOException | SecurityException e) {
      throw new ConfigException(
          "data_dir",
          "data_dir: cannot create the data folder " + dir + " (" + e + "); set data_dir",
          e);
    }
  }

  /** A store the configuration names; one that cannot be opened is a configuration mistake. */
  private static JobStore jobStore(String url) {
    try {
      return JobStores.open(url);
    } catch (RuntimeException e) {
      throw new ConfigException("jobs_url", "jobs_url: " + e.getMessage(), e);
    }
  }

  /** Without a secret no callback can be signed: a job that asks for one is refused. */
  private static void refuseCallbacks(String url) {
    throw new InvalidRequestException(
        "callback_url",
        "callback_url: this node has no callback_secret to sign callbacks with; poll GET"
            + " /v1/jobs/{id}");
  }

  /** The guard of callback addresses; a bad allow-list entry is a configuration mistake. */
  private CallbackGuard callbackGuard() {
    try {
      return CallbackGuard.withSystemResolver(config.jobs().callbackAllow());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("callback_allow", e.getMessage(), e);
    }
  }

  /** Callbacks are sent when there is a secret to sign them with. */
  private Optional<CallbackSender> callbackSender() {
    if (config.jobs().callbackSecret().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new CallbackSender(
            callbackGuard(),
            new CallbackSignature(config.jobs().callbackSecret()),
            CALLBACK_CONNECT_TIMEOUT,
            CALLBACK_READ_TIMEOUT,
            Clock.systemUTC()));
  }

  /** The worker's node is this instance; it drains for as long as the longest run may take. */
  private JobWorker.Settings workerSettings() {
    return new JobWorker.Settings(
        settings().instanceId(),
        config.jobs().lease(),
        Duration.ofSeconds(1),
        config.jobs().retention(),
        longestRun().outer());
  }

  private AdmissionGate gate() {
    return new AdmissionGate(
        config.admission().maxRunning(),
        config.admission().maxQueued(),
        config.admission().queueTimeout());
  }

  /**
   * Builds the catalog's images on the one-shot graph's engine; the base image through the
   * repository's script when it is there.
   */
  static CatalogBuilder images(Runbox runbox) {
    Engine engine =
        runbox
            .engine()
            .orElseThrow(
                () -> new IllegalStateException("building images needs the Docker engine"));
    Path baseScript =
        runbox.config().catalog().toAbsolutePath().getParent().resolve("scripts/base-image.sh");
    return new CatalogBuilder(runbox.catalog(), new ImageBuilder(engine), baseScript);
  }

  /**
   * A missing folder or a bad manifest is a configuration mistake: the catalog key names the
   * folder.
   */
  private ImageCatalogDirectory catalog() {
    try {
      return ImageCatalogDirectory.load(
          catalogPath, config.limits().defaults(), config.limits().maximum());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("catalog", e.getMessage(), e);
    }
  }

  private RunPolicy policy() {
    return new RunPolicy(
        config.limits().maximum(), config.limits().maxFiles(), config.server().maxBodyBytes());
  }

  /** The HTTP drain lets the longest request finish: a full queue wait, then the longest run. */
  private HttpSettings httpSettings() {
    Duration drain = longestRun().httpDrain(config.admission().queueTimeout());
    return new HttpSettings(
        config.server().host(),
        config.server().port(),
        config.server().judge0Port(),
        config.server().judge0SignalsAsNzec(),
        config.server().tokens(),
        config.server().loopbackOnly(),
        config.server().maxBodyBytes(),
        config.server().maxBodiesBytes(),
        drain,
        idleTimeout,
        config.admission().busyStatus());
  }

  /**
   * The engine's stream read timeout outlasts the longest run's exec and a warm container's wrapper
   * waiting for its run; the stream connections hold every waiting wrapper besides the runs'.
   */
  private Engine engine(PoolSettings pool) {
    Duration quiet = longestRun().engineReadTimeout();
    if (pool.enabled()) {
      Duration waiting = longestRun().warmLabel(pool.maxIdle());
      quiet = waiting.compareTo(quiet) > 0 ? waiting : quiet;
    }
    return Engine.connect(
        config.docker().host(),
        quiet,
        Math.max(16, config.admission().maxRunning() * 4) + pool.maxWarm());
  }

  private DockerSandboxSettings settings() {
    return new DockerSandboxSettings(
        config.docker().runUid(),
        config.docker().idleUid(),
        config.docker().outerGrace(),
        Duration.ZERO,
        config.docker().instanceId(),
        config.docker().runtime(),
        config.limits().maxFiles(),
        DockerSandboxSettings.MAX_INODES);
  }
}
