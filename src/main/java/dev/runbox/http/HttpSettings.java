package dev.runbox.http;

import java.time.Duration;
import java.util.List;

/**
 * What the HTTP server needs to know of the configuration.
 *
 * @param host the address to listen on
 * @param port the port, 0 for any free one
 * @param judge0Port a second port that serves Judge0 CE's routes only, 0 for none
 * @param judge0SignalsAsNzec shows a signalled Judge0 submission as NZEC with 128 + the signal
 * @param tokens the bearer tokens that guard the APIs; none means no guard
 * @param loopbackOnly whether {@code host} is a loopback address (no warning without tokens)
 * @param maxBodyBytes the largest request body
 * @param maxBodiesBytes the request bodies held in memory at once, all requests together
 * @param drainTimeout how long {@link HttpServer#stop()} waits for running requests
 * @param idleTimeout how long a connection may sit with no bytes moving
 */
public record HttpSettings(
    String host,
    int port,
    int judge0Port,
    boolean judge0SignalsAsNzec,
    List<String> tokens,
    boolean loopbackOnly,
    long maxBodyBytes,
    long maxBodiesBytes,
    Duration drainTimeout,
    Duration idleTimeout,
    int busyStatus) {
  /**
   * The idle timeout to use. Jetty does not apply it while a handler runs without I/O, so a long
   * run is not cut; it only bounds idle and slow (slowloris) clients.
   */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  public HttpSettings {
    tokens = List.copyOf(tokens);
    if (maxBodyBytes < 1
        || drainTimeout.isNegative()
        || idleTimeout.isNegative()
        || idleTimeout.isZero()) {
      throw new IllegalArgumentException(
          "bad HTTP settings: max body "
              + maxBodyBytes
              + " bytes, drain "
              + drainTimeout
              + ", idle "
              + idleTimeout);
    }
  }
}
