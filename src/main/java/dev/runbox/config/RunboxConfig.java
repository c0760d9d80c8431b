package dev.runbox.config;

import dev.runbox.core.Limits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration, validated in full when built by {@link ConfigLoader}: one record per
 * part of runbox. The keys, their defaults and meanings are in {@link ConfigKeys}.
 *
 * @param catalog the image catalog folder
 * @param reaperInterval time between looks for orphaned containers
 * @param dataDir the service's data folder (absolute), created at start-up when missing
 */
public record RunboxConfig(
    Server server,
    Docker docker,
    Admission admission,
    Pool pool,
    RunLimits limits,
    Path catalog,
    Duration reaperInterval,
    Path dataDir,
    Jobs jobs) {

  /**
   * The async API's store and how its jobs are run.
   *
   * @param url the store ({@code jobs.db} in the data folder unless {@code jobs_url} names
   *     another); empty when the async API is off ({@code jobs_url=off})
   */
  public record Jobs(
      Optional<String> url,
      int maxAttempts,
      Duration lease,
      Duration retention,
      String callbackSecret,
      List<String> callbackAllow) {
    /** The {@code jobs_url} that turns the async API off. */
    public static final String OFF = "off";

    public Jobs {
      callbackAllow = List.copyOf(callbackAllow);
    }

    /** Keeps the secret and a database password out of logs. */
    @Override
    public String toString() {
      return "Jobs[url="
          + url.map(u -> u.replaceAll("//[^/@]*@", "//***@")).orElse("")
          + ", maxAttempts="
          + maxAttempts
          + ", lease="
          + lease
          + ", retention="
          + retention
          + ", callbackSecret="
          + (callbackSecret.isEmpty() ? "" : "***")
          + ", callbackAllow="
          + callbackAllow
          + "]";
    }
  }

  /**
   * Where and for whom the HTTP service listens, and how much of the requests it holds.
   *
   * @param judge0Port a second port serving Judge0 CE's routes only; 0 for none
   * @param judge0SignalsAsNzec shows a signalled Judge0 submission as NZEC with 128 + the signal
   * @param maxBodyBytes largest request body; also the most bytes of files a request may send
   * @param maxBodiesBytes request bodies held in memory at once; at least one of the largest size
   */
  public record Server(
      String host,
      int port,
      int judge0Port,
      boolean judge0SignalsAsNzec,
      List<String> tokens,
      boolean allowAnonymous,
      long maxBodyBytes,
      long maxBodiesBytes) {
    public Server {
      tokens = List.copyOf(tokens);
      if (judge0Port != 0 && judge0Port == port) {
        throw new ConfigException(
            ConfigKeys.JUDGE0_PORT.name(),
            "judge0_port must differ from port (both "
                + port
                + "): Judge0's routes are on that port already; judge0_port=0 means no second"
                + " port");
      }
      if (maxBodiesBytes < maxBodyBytes) {
        throw new ConfigException(
            ConfigKeys.MAX_BODIES_KIB.name(),
            "max_bodies_kib ("
                + maxBodiesBytes / 1024
                + ") must be at least max_body_kib ("
                + maxBodyBytes / 1024
                + ")");
      }
    }

    /**
     * Refuses to serve a non-loopback address without tokens unless anonymous access was asked for
     * explicitly.
     */
    public void checkExposure() {
      if (!loopbackOnly() && tokens.isEmpty() && !allowAnonymous) {
        throw new ConfigException(
            ConfigKeys.HOST.name(),
            "refusing to listen on "
                + host
                + " without tokens: set tokens=... or pass --allow-anonymous");
      }
    }

    /** True when the address is loopback-only, where running without tokens is the safe default. */
    public boolean loopbackOnly() {
      return host.equals("127.0.0.1")
          || host.equals("localhost")
          || host.equals("::1")
          || host.startsWith("127.");
    }
  }

  /**
   * How the Docker sandbox reaches the engine and runs containers.
   *
   * @param host the Engine API address
   * @param runtime an OCI runtime other than the engine's default (e.g. runsc), or empty
   * @param runUid uid the run's command runs as
   * @param idleUid uid of the container's idle main process; never the run's
   * @param outerGrace added to the time limit (and the inner timer's kill-after) for the service's
   *     deadline
   * @param instanceId names this service instance in container labels
   */
  public record Docker(
      URI host,
      Optional<String> runtime,
      int runUid,
      int idleUid,
      Duration outerGrace,
      String instanceId) {
    public Docker {
      if (runUid == idleUid) {
        throw new ConfigException(
            ConfigKeys.IDLE_UID.name(), "idle_uid must differ from run_uid (both " + runUid + ")");
      }
    }
  }

  /**
   * How many runs go at once, how many may wait, and how long.
   *
   * @param maxRunning sandboxes running at once
   * @param maxQueued requests waiting for a sandbox
   * @param queueTimeout longest wait for a sandbox
   */
  public record Admission(int maxRunning, int maxQueued, Duration queueTimeout, int busyStatus) {}

  /**
   * Warm containers kept ready per image.
   *
   * @param size most containers per image; 0 disables the pool
   * @param minSize fewest containers per image, also when idle
   * @param images the images that get a pool; empty for all
   * @param maxIdle how long a warm container may idle before it is recycled
   * @param maxRefills most warm containers made at once
   */
  public record Pool(int size, int minSize, List<String> images, Duration maxIdle, int maxRefills) {
    public Pool {
      images = List.copyOf(images);
    }

    /** The fewest warm containers to keep for an image: 0 when {@code images} names others. */
    public int minFor(String image) {
      return sizeFor(image) == 0 ? 0 : minSize;
    }

    /**
     * The most warm containers to keep for an image: the size, or 0 when {@code images} names
     * others.
     */
    public int sizeFor(String image) {
      return images.isEmpty() || images.contains(image) ? size : 0;
    }
  }

  /**
   * What a run may use. Every limit has a default and a maximum; a request may lower or raise a
   * limit up to the maximum, never beyond.
   *
   * @param maxFiles most files a request may send, and most files taken back from a run
   * @param maxTests most tests a judge request may send
   * @param maxTestInputBytes most bytes of test input (stdin and expected output) a judge request
   *     may send
   */
  public record RunLimits(
      Limits defaults, Limits maximum, int maxFiles, int maxTests, long maxTestInputBytes) {
    public RunLimits {
      defaults
          .firstAbove(maximum)
          .ifPresent(
              above -> {
                String key = ConfigKeys.DEFAULT_LIMITS.get(above.limit()).name();
                throw new ConfigException(
                    key,
                    key
                        + ": "
                        + above.reason()
                        + " set by "
                        + ConfigKeys.MAXIMUM_LIMITS.get(above.limit()).name());
              });
    }
  }
}
