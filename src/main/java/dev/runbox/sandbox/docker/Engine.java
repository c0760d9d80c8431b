package dev.runbox.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.Closeable;
import java.net.URI;
import java.time.Duration;

/**
 * The connection to a Docker engine over the Engine API: one client for short control calls with a
 * tight response timeout, one for exec streams that may stay quiet as long as a run may last.
 */
public final class Engine implements Closeable {
  private final DockerClient control;
  private final DockerClient streams;
  private final URI host;

  private Engine(URI host, DockerClient control, DockerClient streams) {
    this.host = host;
    this.control = control;
    this.streams = streams;
  }

  /** How long a control call (create, start, inspect, remove) waits for the engine's answer. */
  static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How long after its creation a container that is still not started is taken for abandoned: its
   * create's and its start's answers (or their timeouts) are both past.
   */
  static final Duration NEVER_STARTED = CONTROL_TIMEOUT.multipliedBy(2);

  /**
   * @param host e.g. {@code unix:///var/run/docker.sock}
   * @param streamTimeout how long a run's exec stream may stay quiet (the longest run's {@code
   *     Deadlines.engineReadTimeout()})
   */
  public static Engine connect(URI host, Duration streamTimeout, int maxConnections) {
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(host.toString())
            .build();
    return new Engine(
        host,
        client(config, CONTROL_TIMEOUT, maxConnections),
        client(config, streamTimeout, maxConnections));
  }

  private static DockerClient client(
      DefaultDockerClientConfig config, Duration responseTimeout, int maxConnections) {
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .maxConnections(maxConnections)
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(responseTimeout)
            .build();
    return DockerClientImpl.getInstance(config, http);
  }

  DockerClient control() {
    return control;
  }

  DockerClient streams() {
    return streams;
  }

  public URI host() {
    return host;
  }

  @Override
  public void close() {
    Quietly.close(control, "control client");
    Quietly.close(streams, "stream client");
  }
}
