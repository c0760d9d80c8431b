package dev.runbox.config;

import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Limit;
import dev.runbox.core.Limits;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Builds the configuration from a properties file, overridden by {@code RUNBOX_*} environment
 * variables, overridden by flags. Unknown keys and bad values stop the start with a message
 * naming them; nothing is clamped.
 */
public final class ConfigLoader {
  private static final Map<String, String> DEFAULTS = defaults();

  private ConfigLoader() {}

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("host", "127.0.0.1");
    d.put("port", "4597");
    d.put("tokens", "");
    d.put("allow_anonymous", "false");
    d.put("docker_host", "unix:///var/run/docker.sock");
    d.put("catalog", "images");
    d.put("max_running", "4");
    d.put("max_queued", "32");
    d.put("queue_timeout_s", "30");
    d.put("run_uid", "10001");
    d.put("idle_uid", "10002");
    d.put("outer_grace_s", "5");
    d.put("runtime", "");
    d.put("max_body_kib", "10240");
    d.put("max_bodies_kib", "32768");
    d.put("max_files", "1000");
    d.put("reaper_interval_s", "60");
    d.put("pool_size", "1");
    d.put("pool_images", "");
    d.put("pool_max_idle_s", "300");
    d.put("instance_id", "");
    String[][] limits = {
        {"time_s", "10", "120"}, {"memory_mib", "128", "4096"}, {"cpus", "1", "2"}, {"pids", "128", "1024"},
        {"disk_mib", "64", "1024"}, {"output_kib", "50", "1024"}, {"open_files", "256", "4096"}};
    for (String[] l : limits) {
      d.put("limits.default." + l[0], l[1]);
      d.put("limits.max." + l[0], l[2]);
    }
    return d;
  }

  /** All keys with their defaults, for documentation and `--help`. */
  public static Map<String, String> keys() {
    return DEFAULTS;
  }

  /** The environment variable for a key: {@code limits.max.time_s} → {@code RUNBOX_LIMITS_MAX_TIME_S}. */
  public static String envName(String key) {
    return "RUNBOX_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  public static RunboxConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    file.ifPresent(f -> values.putAll(readFile(f)));
    for (String key : DEFAULTS.keySet()) {
      String v = env.get(envName(key));
      if (v != null) {
        values.put(key, v);
      }
    }
    values.putAll(flags);
    List<String> unknown = new ArrayList<>(new TreeSet<>(values.keySet()));
    unknown.removeAll(DEFAULTS.keySet());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown configuration key(s): " + unknown + "; known keys: " + DEFAULTS.keySet());
    }
    return build(values);
  }

  private static Map<String, String> readFile(Path f) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read configuration file " + f + ": " + e.getMessage(), e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
    return out;
  }

  private static RunboxConfig build(Map<String, String> v) {
    Limits max = limits(v, "limits.max.");
    Limits defaults = limits(v, "limits.default.");
    defaults.checkWithin(max, "limits.default");
    int runUid = integer(v, "run_uid", 1, Integer.MAX_VALUE);
    int idleUid = integer(v, "idle_uid", 1, Integer.MAX_VALUE);
    if (runUid == idleUid) {
      throw new IllegalArgumentException("idle_uid must differ from run_uid (both " + runUid + ")");
    }
    String instance = v.get("instance_id").isBlank() ? UUID.randomUUID().toString() : v.get("instance_id");
    String runtime = v.get("runtime").trim();
    return new RunboxConfig(
        nonBlank(v, "host"),
        integer(v, "port", 0, 65535),
        Arrays.stream(v.get("tokens").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
        bool(v, "allow_anonymous"),
        uri(v, "docker_host"),
        Path.of(nonBlank(v, "catalog")),
        defaults,
        max,
        integer(v, "max_running", 1, 1024),
        integer(v, "max_queued", 0, 100_000),
        Duration.ofSeconds(integer(v, "queue_timeout_s", 0, 3600)),
        runUid,
        idleUid,
        Duration.ofSeconds(integer(v, "outer_grace_s", 1, 600)),
        runtime.isEmpty() ? Optional.empty() : Optional.of(runtime),
        integer(v, "max_body_kib", 1, 1024 * 1024) * 1024L,
        bodies(v),
        integer(v, "max_files", 1, 100_000),
        Duration.ofSeconds(integer(v, "reaper_interval_s", 1, 86_400)),
        integer(v, "pool_size", 0, 64),
        Arrays.stream(v.get("pool_images").split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList(),
        Duration.ofSeconds(integer(v, "pool_max_idle_s", 10, 86_400)),
        instance);
  }

  private static Limits limits(Map<String, String> v, String prefix) {
    Map<Limit, Double> map = new EnumMap<>(Limit.class);
    for (Limit l : Limit.values()) {
      String key = prefix + l.apiName();
      double value = number(v, key);
      try {
        l.checkValue(value, key);
      } catch (InvalidRequestException e) {
        throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
      }
      map.put(l, value);
    }
    return Limits.fromMap(map);
  }

  private static String nonBlank(Map<String, String> v, String key) {
    String s = v.get(key).trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException(key + " must not be empty");
    }
    return s;
  }

  private static double number(Map<String, String> v, String key) {
    try {
      return Double.parseDouble(v.get(key).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got '" + v.get(key) + "'", e);
    }
  }

  /** The request bodies held in memory at once; at least one body of the largest size. */
  private static long bodies(Map<String, String> v) {
    int body = integer(v, "max_body_kib", 1, 1024 * 1024);
    int bodies = integer(v, "max_bodies_kib", 1, 16 * 1024 * 1024);
    if (bodies < body) {
      throw new IllegalArgumentException("max_bodies_kib (" + bodies + ") must be at least max_body_kib (" + body + ")");
    }
    return bodies * 1024L;
  }

  private static int integer(Map<String, String> v, String key, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(v.get(key).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + v.get(key) + "'", e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  private static boolean bool(Map<String, String> v, String key) {
    String s = v.get(key).trim();
    if (!s.equals("true") && !s.equals("false")) {
      throw new IllegalArgumentException(key + " must be true or false, got '" + s + "'");
    }
    return Boolean.parseBoolean(s);
  }

  private static URI uri(Map<String, String> v, String key) {
    try {
      URI u = new URI(v.get(key).trim());
      if (u.getScheme() == null || !(u.getScheme().equals("unix") || u.getScheme().equals("tcp"))) {
        throw new IllegalArgumentException(key + " must be a unix:// or tcp:// address, got '" + v.get(key) + "'");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(key + " is not a valid address: '" + v.get(key) + "'", e);
    }
  }
}
