package dev.runbox.config;

import dev.runbox.core.Limit;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of configuration keys: every key runbox reads, with its default, parser and one line
 * of documentation. The loader, {@code --help} and {@code docs/configuration.md} all come from
 * here, so a key is added in this one place.
 */
public final class ConfigKeys {
  static final ConfigKey<String> HOST =
      new ConfigKey<>(
          "host",
          "127.0.0.1",
          Parsers.nonBlank(),
          "address `serve` listens on; a non-loopback address needs `tokens` or `allow_anonymous`");
  static final ConfigKey<Integer> PORT =
      new ConfigKey<>(
          "port", "4597", Parsers.integer(0, 65535), "port `serve` listens on (0: any free port)");
  static final ConfigKey<Integer> JUDGE0_PORT =
      new ConfigKey<>(
          "judge0_port",
          "0",
          Parsers.integer(0, 65535),
          "a second port that serves Judge0 CE's routes only (Judge0's own is 2358), for clients"
              + " that hard-code it; 0: none");
  static final ConfigKey<Boolean> JUDGE0_SIGNALS_AS_NZEC =
      new ConfigKey<>(
          "judge0_signals_as_nzec",
          "false",
          Parsers.bool(),
          "show a Judge0 submission killed by a signal as Judge0 1.13.1 actually reports it"
              + " (Runtime Error (NZEC), exit code 128 + the signal; a memory kill 137) instead of"
              + " as Judge0 means to (its signal's status 7-10 or 12 with exit_signal)");
  static final ConfigKey<List<String>> TOKENS =
      new ConfigKey<>(
          "tokens",
          "",
          Parsers.list(),
          "comma-separated bearer tokens; when set, `/v1/*` needs one");
  static final ConfigKey<Boolean> ALLOW_ANONYMOUS =
      new ConfigKey<>(
          "allow_anonymous",
          "false",
          Parsers.bool(),
          "allow a non-loopback address without tokens");
  static final ConfigKey<URI> DOCKER_HOST =
      new ConfigKey<>(
          "docker_host",
          "unix:///var/run/docker.sock",
          Parsers.engineAddress(),
          "the Docker Engine API, `unix://` or `tcp://`");
  static final ConfigKey<String> CATALOG =
      new ConfigKey<>("catalog", "images", Parsers.nonBlank(), "the image catalog folder");
  static final ConfigKey<Integer> MAX_RUNNING =
      new ConfigKey<>("max_running", "4", Parsers.integer(1, 1024), "sandboxes running at once");
  static final ConfigKey<Integer> MAX_QUEUED =
      new ConfigKey<>(
          "max_queued",
          "32",
          Parsers.integer(0, 100_000),
          "requests waiting for a sandbox; beyond: 429");
  static final ConfigKey<Integer> BUSY_STATUS =
      new ConfigKey<>(
          "busy_status",
          "429",
          Parsers.oneOf(429, 503),
          "the status of a request refused because this node is full: 429, or 503 behind a"
              + " balancer that retries another node on 503 (deploy/haproxy/haproxy.cfg)");
  static final ConfigKey<Duration> QUEUE_TIMEOUT =
      new ConfigKey<>(
          "queue_timeout_s",
          "30",
          Parsers.seconds(0, 3600),
          "longest wait for a sandbox, in seconds; beyond: 429");
  static final ConfigKey<Integer> RUN_UID =
      new ConfigKey<>(
          "run_uid",
          "10001",
          Parsers.integer(1, Integer.MAX_VALUE),
          "uid (and gid) the run's command runs as; never 0");
  static final ConfigKey<Integer> IDLE_UID =
      new ConfigKey<>(
          "idle_uid",
          "10002",
          Parsers.integer(1, Integer.MAX_VALUE),
          "uid of the container's idle main process; never 0, never `run_uid`");
  static final ConfigKey<Duration> OUTER_GRACE =
      new ConfigKey<>(
          "outer_grace_s",
          "5",
          Parsers.seconds(1, 600),
          "the service's deadline is the time limit plus the inner timer's 1 s kill-after plus this many seconds"
              + " (on a loaded machine the wrapper's report can come seconds after the inner timer fired)");
  static final ConfigKey<Optional<String>> RUNTIME =
      new ConfigKey<>(
          "runtime",
          "",
          Parsers.optional(),
          "an OCI runtime such as `runsc`; empty: the engine's default");
  static final ConfigKey<Integer> MAX_BODY_KIB =
      new ConfigKey<>(
          "max_body_kib",
          "10240",
          Parsers.integer(1, 1024 * 1024),
          "largest request body in KiB; also the most bytes of files a request may send");
  static final ConfigKey<Integer> MAX_BODIES_KIB =
      new ConfigKey<>(
          "max_bodies_kib",
          "32768",
          Parsers.integer(1, 16 * 1024 * 1024),
          "KiB of request bodies held in memory at once (a request holds what it"
              + " declares until its answer is written; beyond: 429 with Retry-After); at least `max_body_kib`");
  static final ConfigKey<Integer> MAX_FILES =
      new ConfigKey<>(
          "max_files",
          "1000",
          Parsers.integer(1, 100_000),
          "most files a request may send; also the most files taken back from a run");
  static final ConfigKey<Integer> MAX_TESTS =
      new ConfigKey<>(
          "max_tests",
          "500",
          Parsers.integer(1, 100_000),
          "most tests a judge request (`POST /v1/judge`, `runbox judge`) may send");
  static final ConfigKey<Integer> MAX_TEST_INPUT_KIB =
      new ConfigKey<>(
          "max_test_input_kib",
          "8192",
          Parsers.integer(1, 1024 * 1024),
          "most KiB of test input (every test's `stdin` and `expected_output` together) a judge"
              + " request may send; the body's own bound, `max_body_kib`, applies too");
  static final ConfigKey<Duration> REAPER_INTERVAL =
      new ConfigKey<>(
          "reaper_interval_s",
          "60",
          Parsers.seconds(1, 86_400),
          "seconds between looks for orphaned containers");
  static final ConfigKey<Integer> POOL_SIZE =
      new ConfigKey<>(
          "pool_size",
          "4",
          Parsers.integer(0, 64),
          "most warm containers kept per image (the pool follows demand between pool_min_size and"
              + " this); 0 disables the pool");
  static final ConfigKey<Integer> POOL_MIN_SIZE =
      new ConfigKey<>(
          "pool_min_size",
          "1",
          Parsers.integer(0, 64),
          "fewest warm containers kept per image, also when idle; at most pool_size (unused when"
              + " pool_size is 0)");
  static final ConfigKey<Integer> POOL_MAX_REFILLS =
      new ConfigKey<>(
          "pool_max_refills",
          "2",
          Parsers.integer(1, 16),
          "most warm containers made at once, over all images");
  static final ConfigKey<List<String>> POOL_IMAGES =
      new ConfigKey<>(
          "pool_images",
          "",
          Parsers.list(),
          "comma-separated images that get warm containers; empty: all");
  static final ConfigKey<Duration> POOL_MAX_IDLE =
      new ConfigKey<>(
          "pool_max_idle_s",
          "300",
          Parsers.seconds(10, 86_400),
          "seconds a warm container may idle before it is recycled");
  static final ConfigKey<String> INSTANCE_ID =
      new ConfigKey<>(
          "instance_id",
          "",
          Parsers.any(),
          "names this instance in container labels; empty: a random UUID at each start");

  static final ConfigKey<String> DATA_DIR =
      new ConfigKey<>(
          "data_dir",
          "",
          Parsers.any(),
          "the service's data folder (the default job store, `jobs.db`), created at start-up when"
              + " missing; empty: `$XDG_DATA_HOME/runbox`, else `$HOME/.local/share/runbox` (a"
              + " system service sets its own, e.g. `/var/lib/runbox`, as the container image does)");

  static final ConfigKey<Optional<String>> JOBS_URL =
      new ConfigKey<>(
          "jobs_url",
          "",
          Parsers.optional(),
          "the job store of the async API (`/v1/jobs`): `sqlite:/path/jobs.db` (one runbox process"
              + " per file) or `postgresql://user@host:port/db` (several nodes); empty: the SQLite"
              + " file `jobs.db` in `data_dir`; `off`: the async API is off (503)");
  static final ConfigKey<Integer> MAX_ATTEMPTS =
      new ConfigKey<>(
          "max_attempts",
          "3",
          Parsers.integer(1, 100),
          "times a job may be started (its node lost, say) before it is `failed`");
  static final ConfigKey<Duration> JOBS_LEASE =
      new ConfigKey<>(
          "jobs_lease_s",
          "30",
          Parsers.seconds(2, 3600),
          "seconds a node's claim on a job holds without a renewal (renewed every third of it);"
              + " a dead node's jobs are claimed again after it (on PostgreSQL, a node whose process"
              + " died is seen at once through its session lock)");
  static final ConfigKey<Integer> JOBS_RETENTION_H =
      new ConfigKey<>(
          "jobs_retention_h",
          "24",
          Parsers.integer(1, 24 * 365),
          "hours a finished job and its result are kept, then purged");

  static final ConfigKey<String> CALLBACK_SECRET =
      new ConfigKey<>(
          "callback_secret",
          "",
          Parsers.any(),
          "the secret that signs job callbacks (header Runbox-Signature: HMAC-SHA256); empty: a job"
              + " with a callback_url is refused");
  static final ConfigKey<List<String>> CALLBACK_ALLOW =
      new ConfigKey<>(
          "callback_allow",
          "",
          Parsers.list(),
          "comma-separated host or host:port a callback may reach although its address is"
              + " loopback, private or link-local (refused otherwise)");

  /** {@code limits.default.<limit>}: used where an image sets no default. */
  static final Map<Limit, ConfigKey<Number>> DEFAULT_LIMITS = limitKeys("default");

  /** {@code limits.max.<limit>}: a request or an image default above it is refused. */
  static final Map<Limit, ConfigKey<Number>> MAXIMUM_LIMITS = limitKeys("max");

  private static final List<ConfigKey<?>> ALL =
      all(
          List.of(
              HOST,
              PORT,
              JUDGE0_PORT,
              JUDGE0_SIGNALS_AS_NZEC,
              TOKENS,
              ALLOW_ANONYMOUS,
              DOCKER_HOST,
              CATALOG,
              MAX_RUNNING,
              MAX_QUEUED,
              QUEUE_TIMEOUT,
              BUSY_STATUS,
              RUN_UID,
              IDLE_UID,
              OUTER_GRACE,
              RUNTIME,
              MAX_BODY_KIB,
              MAX_BODIES_KIB,
              MAX_FILES,
              MAX_TESTS,
              MAX_TEST_INPUT_KIB,
              REAPER_INTERVAL,
              POOL_SIZE,
              POOL_MIN_SIZE,
              POOL_MAX_REFILLS,
              POOL_IMAGES,
              POOL_MAX_IDLE,
              INSTANCE_ID,
              DATA_DIR,
              JOBS_URL,
              MAX_ATTEMPTS,
              JOBS_LEASE,
              JOBS_RETENTION_H,
              CALLBACK_SECRET,
              CALLBACK_ALLOW));

  private ConfigKeys() {}

  /** Every key, in the order they are documented. */
  public static List<ConfigKey<?>> all() {
    return ALL;
  }

  private static List<ConfigKey<?>> all(List<ConfigKey<?>> plain) {
    List<ConfigKey<?>> all = new ArrayList<>(plain);
    for (Limit l : Limit.values()) {
      all.add(DEFAULT_LIMITS.get(l));
      all.add(MAXIMUM_LIMITS.get(l));
    }
    return List.copyOf(all);
  }

  private static Map<Limit, ConfigKey<Number>> limitKeys(String kind) {
    Map<Limit, ConfigKey<Number>> keys = new EnumMap<>(Limit.class);
    for (Limit l : Limit.values()) {
      boolean dflt = kind.equals("default");
      String value = dflt ? LimitDefaults.defaultOf(l) : LimitDefaults.maximumOf(l);
      String doc =
          dflt
              ? LimitDefaults.meaning(l) + " where an image sets no default"
              : "most " + LimitDefaults.meaning(l) + " a request or an image may set";
      keys.put(
          l, new ConfigKey<>("limits." + kind + "." + l.apiName(), value, Parsers.limit(l), doc));
    }
    return Collections.unmodifiableMap(keys);
  }

  /** The default and maximum of each limit, and what it means, as the key table shows them. */
  private static final class LimitDefaults {
    private LimitDefaults() {}

    static String defaultOf(Limit l) {
      return switch (l) {
        case TIME_S -> "10";
        case MEMORY_MIB -> "128";
        case CPUS -> "1";
        case PIDS -> "128";
        case DISK_MIB -> "64";
        case OUTPUT_KIB -> "50";
        case OPEN_FILES -> "256";
      };
    }

    static String maximumOf(Limit l) {
      return switch (l) {
        case TIME_S -> "120";
        case MEMORY_MIB -> "4096";
        case CPUS -> "2";
        case PIDS -> "1024";
        case DISK_MIB -> "1024";
        case OUTPUT_KIB -> "1024";
        case OPEN_FILES -> "4096";
      };
    }

    static String meaning(Limit l) {
      return switch (l) {
        case TIME_S -> "wall-clock seconds of a run";
        case MEMORY_MIB -> "MiB of memory (no swap)";
        case CPUS -> "CPU quota in cores";
        case PIDS -> "processes and threads at once";
        case DISK_MIB -> "MiB of writable /sandbox (and /tmp)";
        case OUTPUT_KIB -> "KiB kept per output stream";
        case OPEN_FILES -> "open file descriptors per process";
      };
    }
  }
}
