package dev.runbox.app;

import dev.runbox.cli.Launcher;
import dev.runbox.cli.Session;
import dev.runbox.config.ConfigLoader;
import dev.runbox.config.RunboxConfig;
import dev.runbox.core.AdmissionGate;
import dev.runbox.core.RunObserver;
import dev.runbox.core.RunService;
import dev.runbox.images.CatalogBuilder;
import dev.runbox.images.ImageCatalogDirectory;
import dev.runbox.sandbox.docker.DockerSandbox;
import dev.runbox.sandbox.docker.DockerSandboxSettings;
import dev.runbox.sandbox.docker.Engine;
import dev.runbox.sandbox.docker.ImageBuilder;
import dev.runbox.sandbox.docker.LiveRuns;
import dev.runbox.sandbox.docker.PoolSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The composition root: the one place the object graph is built by hand. */
final class AppLauncher implements Launcher {
  private final Map<String, String> env;

  AppLauncher(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public RunboxConfig config(Optional<Path> file, Map<String, String> flags) {
    return ConfigLoader.load(file, env, flags);
  }

  static Engine engine(RunboxConfig config) {
    Duration readTimeout = settings(config).deadlines(config.maximumLimits().time()).engineReadTimeout();
    return Engine.connect(config.dockerHost(), readTimeout, Math.max(16, config.maxRunning() * 4));
  }

  static ImageCatalogDirectory catalog(RunboxConfig config) {
    return ImageCatalogDirectory.load(config.catalog(), config.defaultLimits(), config.maximumLimits());
  }

  static DockerSandboxSettings settings(RunboxConfig config) {
    return new DockerSandboxSettings(config.runUid(), config.idleUid(), config.outerGrace(), Duration.ZERO,
        config.instanceId(), config.runtime(), config.maxFiles(), 16384);
  }

  static RunService runService(RunboxConfig config, ImageCatalogDirectory catalog, DockerSandbox sandbox, AdmissionGate gate, RunObserver observer) {
    return new RunService(catalog, sandbox, config.maximumLimits(), gate, observer, () -> UUID.randomUUID().toString(), Clock.systemUTC());
  }

  @Override
  public Session open(RunboxConfig config) {
    ImageCatalogDirectory catalog = catalog(config);
    Engine engine = engine(config);
    AdmissionGate gate = new AdmissionGate(config.maxRunning(), config.maxQueued(), config.queueTimeout());
    DockerSandbox sandbox = new DockerSandbox(engine, settings(config), PoolSettings.none(), new LiveRuns(), RunObserver.NONE,
        Clock.systemUTC());
    RunService runs = runService(config, catalog, sandbox, gate, RunObserver.NONE);
    Path baseScript = config.catalog().toAbsolutePath().getParent().resolve("scripts/base-image.sh");
    CatalogBuilder images = new CatalogBuilder(catalog, new ImageBuilder(engine), baseScript);
    return new Session() {
      @Override
      public RunService runs() {
        return runs;
      }

      @Override
      public CatalogBuilder images() {
        return images;
      }

      @Override
      public void close() {
        sandbox.close();
        engine.close();
      }
    };
  }

  @Override
  public void serve(RunboxConfig config) throws InterruptedException {
    config.checkExposure();
    new Service(config).runUntilStopped();
  }
}
