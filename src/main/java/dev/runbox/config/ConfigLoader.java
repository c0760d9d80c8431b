package dev.runbox.config;

import dev.runbox.core.Limit;
import dev.runbox.core.Limits;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Builds the configuration from the keys' defaults, overridden by a properties file, overridden by
 * {@code RUNBOX_*} environment variables, overridden by flags. Unknown keys and bad values stop the
 * start with a {@link ConfigException} naming them; nothing is clamped.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static RunboxConfig load(
      Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
    Map<String, String> texts = new LinkedHashMap<>();
    ConfigKeys.all().forEach(k -> texts.put(k.name(), k.defaultValue()));
    file.ifPresent(f -> texts.putAll(readFile(f)));
    for (ConfigKey<?> key : ConfigKeys.all()) {
      String v = env.get(key.envName());
      if (v != null) {
        texts.put(key.name(), v);
      }
    }
    texts.putAll(flags);
    TreeSet<String> unknown = new TreeSet<>(texts.keySet());
    List<String> known = ConfigKeys.all().stream().map(ConfigKey::name).toList();
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          unknown.first(),
          "unknown configuration key(s): " + List.copyOf(unknown) + "; known keys: " + known);
    }
    return build(new Values(texts), env);
  }

  private static Map<String, String> readFile(Path f) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f)) {
      p.load(r);
    } catch (IOException e) {
      throw new ConfigException(
          "", "cannot read configuration file " + f + ": " + e.getMessage(), e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
    return out;
  }

  /** The texts of every key, parsed on demand by the key's own parser. */
  private record Values(Map<String, String> texts) {
    <T> T get(ConfigKey<T> key) {
      return key.parse(texts.get(key.name()));
    }
  }

  private static RunboxConfig build(Values v, Map<String, String> env) {
    RunboxConfig.RunLimits limits =
        new RunboxConfig.RunLimits(
            limits(v, ConfigKeys.DEFAULT_LIMITS),
            limits(v, ConfigKeys.MAXIMUM_LIMITS),
            v.get(ConfigKeys.MAX_FILES),
            v.get(ConfigKeys.MAX_TESTS),
            v.get(ConfigKeys.MAX_TEST_INPUT_KIB) * 1024L);
    RunboxConfig.Server server =
        new RunboxConfig.Server(
            v.get(ConfigKeys.HOST),
            v.get(ConfigKeys.PORT),
            v.get(ConfigKeys.JUDGE0_PORT),
            v.get(ConfigKeys.JUDGE0_SIGNALS_AS_NZEC),
            v.get(ConfigKeys.TOKENS),
            v.get(ConfigKeys.ALLOW_ANONYMOUS),
            v.get(ConfigKeys.MAX_BODY_KIB) * 1024L,
            v.get(ConfigKeys.MAX_BODIES_KIB) * 1024L);
    String instance = v.get(ConfigKeys.INSTANCE_ID);
    RunboxConfig.Docker docker =
        new RunboxConfig.Docker(
            v.get(ConfigKeys.DOCKER_HOST),
            v.get(ConfigKeys.RUNTIME),
            v.get(ConfigKeys.RUN_UID),
            v.get(ConfigKeys.IDLE_UID),
            v.get(ConfigKeys.OUTER_GRACE),
            instance.isBlank() ? UUID.randomUUID().toString() : instance);
    RunboxConfig.Admission admission =
        new RunboxConfig.Admission(
            v.get(ConfigKeys.MAX_RUNNING),
            v.get(ConfigKeys.MAX_QUEUED),
            v.get(ConfigKeys.QUEUE_TIMEOUT),
            v.get(ConfigKeys.BUSY_STATUS));
    int poolSize = v.get(ConfigKeys.POOL_SIZE);
    int poolMin = v.get(ConfigKeys.POOL_MIN_SIZE);
    if (poolSize > 0 && poolMin > poolSize) {
      throw new ConfigException(
          ConfigKeys.POOL_MIN_SIZE.name(),
          "pool_min_size ("
              + poolMin
              + ") must not exceed pool_size ("
              + poolSize
              + "), the most warm containers per image");
    }
    RunboxConfig.Pool pool =
        new RunboxConfig.Pool(
            poolSize,
            poolMin,
            v.get(ConfigKeys.POOL_IMAGES),
            v.get(ConfigKeys.POOL_MAX_IDLE),
            v.get(ConfigKeys.POOL_MAX_REFILLS));
    Path dataDir =
        DataDir.resolve(v.get(ConfigKeys.DATA_DIR), env, System.getProperty("user.home", "/"));
    return new RunboxConfig(
        server,
        docker,
        admission,
        pool,
        limits,
        Path.of(v.get(ConfigKeys.CATALOG)),
        v.get(ConfigKeys.REAPER_INTERVAL),
        dataDir,
        new RunboxConfig.Jobs(
            jobsUrl(v.get(ConfigKeys.JOBS_URL), dataDir),
            v.get(ConfigKeys.MAX_ATTEMPTS),
            v.get(ConfigKeys.JOBS_LEASE),
            Duration.ofHours(v.get(ConfigKeys.JOBS_RETENTION_H)),
            v.get(ConfigKeys.CALLBACK_SECRET),
            v.get(ConfigKeys.CALLBACK_ALLOW)));
  }

  /**
   * The job store: {@code jobs.db} in the data folder when {@code jobs_url} is empty, none when it
   * is {@code off}.
   */
  private static Optional<String> jobsUrl(Optional<String> url, Path dataDir) {
    if (url.isEmpty()) {
      return Optional.of("sqlite:" + dataDir.resolve(DataDir.JOBS_FILE));
    }
    return url.get().equalsIgnoreCase(RunboxConfig.Jobs.OFF) ? Optional.empty() : url;
  }

  /** Each value was checked by its key's parser, so the constructor's own check cannot fail. */
  private static Limits limits(Values v, Map<Limit, ConfigKey<Number>> keys) {
    return new Limits(
        v.get(keys.get(Limit.TIME_S)).intValue(),
        v.get(keys.get(Limit.MEMORY_MIB)).intValue(),
        v.get(keys.get(Limit.CPUS)).doubleValue(),
        v.get(keys.get(Limit.PIDS)).intValue(),
        v.get(keys.get(Limit.DISK_MIB)).intValue(),
        v.get(keys.get(Limit.OUTPUT_KIB)).intValue(),
        v.get(keys.get(Limit.OPEN_FILES)).intValue());
  }
}
