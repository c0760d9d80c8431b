package dev.runbox.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the service keeps its data (the SQLite job store by default): {@code data_dir} when set,
 * else the XDG base directory rule, {@code $XDG_DATA_HOME/runbox}, falling back to {@code
 * $HOME/.local/share/runbox}. Deployments that run runbox as a system service set it themselves
 * (the container image sets {@code /var/lib/runbox}).
 */
final class DataDir {
  /** The name of the SQLite file of the job store in the data folder. */
  static final String JOBS_FILE = "jobs.db";

  private DataDir() {}

  /**
   * The absolute data folder: {@code text} when not blank, else the default for {@code env} (with
   * {@code userHome} when the environment names no home).
   *
   * @throws ConfigException when the text or the environment's folder is no valid path
   */
  static Path resolve(String text, Map<String, String> env, String userHome) {
    String key = ConfigKeys.DATA_DIR.name();
    if (!text.isBlank()) {
      return path(key, text.strip(), key);
    }
    String xdg = env.getOrDefault("XDG_DATA_HOME", "");
    // the XDG rule: a relative XDG_DATA_HOME is invalid and is ignored
    if (!xdg.isBlank() && xdg.startsWith("/")) {
      return path(key, xdg, "XDG_DATA_HOME").resolve("runbox");
    }
    String home = env.getOrDefault("HOME", "");
    if (home.isBlank()) {
      home = userHome;
    }
    return path(key, home, "HOME").resolve(".local/share/runbox");
  }

  private static Path path(String key, String text, String from) {
    try {
      return Path.of(text).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new ConfigException(
          key, key + ": " + from + " is not a valid folder path: '" + text + "'", e);
    }
  }
}
