package dev.runbox.cli;

import dev.runbox.config.RunboxConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What the commands need from the composition root; implemented in {@code app}. */
public interface Launcher {
  /** The validated configuration; throws a ConfigException naming a bad key or value. */
  RunboxConfig config(Optional<Path> file, Map<String, String> flags);

  /** Connects to the engine and loads the catalog. */
  Session open(RunboxConfig config);

  /** Starts the HTTP service and blocks until it is stopped (SIGTERM / SIGINT). */
  void serve(RunboxConfig config) throws InterruptedException;
}
