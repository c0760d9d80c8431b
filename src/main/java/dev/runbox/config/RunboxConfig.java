package dev.runbox.config;

import dev.runbox.core.Limits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration, validated in full when built by {@link ConfigLoader}. Every limit has a
 * default and a maximum; a request may lower or raise a limit up to the maximum, never beyond.
 */
public record RunboxConfig(
    String host,
    int port,
    List<String> tokens,
    boolean allowAnonymous,
    URI dockerHost,
    Path catalog,
    Limits defaultLimits,
    Limits maximumLimits,
    int maxRunning,
    int maxQueued,
    Duration queueTimeout,
    int runUid,
    int idleUid,
    Duration outerGrace,
    Optional<String> runtime,
    long maxBodyBytes,
    long maxBodiesBytes,
    int maxFiles,
    Duration reaperInterval,
    int poolSize,
    List<String> poolImages,
    Duration poolMaxIdle,
    String instanceId) {
  public RunboxConfig {
    tokens = List.copyOf(tokens);
    poolImages = List.copyOf(poolImages);
  }

  /** How many warm containers to keep for an image: pool_size, or 0 when pool_images names others. */
  public int poolSizeFor(String image) {
    return poolImages.isEmpty() || poolImages.contains(image) ? poolSize : 0;
  }

  /**
   * Refuses to serve a non-loopback address without tokens unless anonymous access was asked for
   * explicitly.
   */
  public void checkExposure() {
    if (!loopbackOnly() && tokens.isEmpty() && !allowAnonymous) {
      throw new IllegalArgumentException("refusing to listen on " + host + " without tokens: set tokens=... or pass --allow-anonymous");
    }
  }

  /** True when the address is loopback-only, where running without tokens is the safe default. */
  public boolean loopbackOnly() {
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
  }
}
