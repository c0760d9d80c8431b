package dev.runbox.app;

import dev.runbox.cli.Launcher;
import dev.runbox.cli.Session;
import dev.runbox.config.ConfigLoader;
import dev.runbox.config.RunboxConfig;
import dev.runbox.core.RunService;
import dev.runbox.core.judge.JudgeService;
import dev.runbox.images.CatalogBuilder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the command line asks of the composition root: the configuration, a one-shot session, the
 * service.
 */
final class AppLauncher implements Launcher {
  private final Map<String, String> env;

  AppLauncher(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public RunboxConfig config(Optional<Path> file, Map<String, String> flags) {
    return ConfigLoader.load(file, env, flags);
  }

  @Override
  public Session open(RunboxConfig config) {
    Runbox runbox = Wiring.of(config).oneShot();
    CatalogBuilder images = Wiring.images(runbox);
    return new Session() {
      @Override
      public RunService runs() {
        return runbox.runs();
      }

      @Override
      public JudgeService judges() {
        return runbox.judges();
      }

      @Override
      public CatalogBuilder images() {
        return images;
      }

      @Override
      public void close() {
        runbox.close();
      }
    };
  }

  @Override
  public void serve(RunboxConfig config) throws InterruptedException {
    config.server().checkExposure();
    Service.runUntilStopped(Wiring.of(config).service());
  }
}
