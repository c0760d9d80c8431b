package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import dev.runbox.app.Runbox;
import dev.runbox.app.Wiring;
import dev.runbox.config.ConfigLoader;
import dev.runbox.config.RunboxConfig;
import dev.runbox.config.TestDataDir;
import dev.runbox.images.ImageCatalogDirectory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The real service in-process: the real {@link DockerSandbox} against the real engine, the real
 * HTTP server on a free loopback port, wired by the composition root as the service is, with its
 * own instance id. One difference: no {@link Reaper}. A reaper judges every runbox container on the
 * engine, and other suites share this engine; a test removes only what its own instance labelled.
 */
public final class ServiceFixture implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  public final String instanceId = "it-" + UUID.randomUUID();
  public final RunboxConfig config;
  public final ImageCatalogDirectory catalog;
  public final PrometheusMeterRegistry registry;
  private final Engine engine =
      Engine.connect(URI.create("unix:///var/run/docker.sock"), Duration.ofMinutes(3), 32);
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final Runbox runbox;
  private final DockerSandbox sandbox;
  private final TestDataDir data = new TestDataDir();

  /**
   * The service with default settings but {@code flags}; port 0 and no warm pool unless the flags
   * say otherwise.
   */
  public ServiceFixture(Map<String, String> flags) {
    assertThat(DockerFixture.answers(engine))
        .as("a Docker engine must answer on /var/run/docker.sock (run scripts/engine.sh)")
        .isTrue();
    Map<String, String> all =
        new HashMap<>(Map.of("port", "0", "pool_size", "0", "data_dir", data.toString()));
    all.putAll(flags);
    all.put("instance_id", instanceId);
    config = ConfigLoader.load(Optional.empty(), Map.of(), all);
    runbox = Wiring.of(config).catalog(Path.of("images")).withoutReaper().service().start();
    catalog = runbox.catalog();
    registry = runbox.registry();
    sandbox = (DockerSandbox) runbox.sandbox();
  }

  public ServiceFixture() {
    this(Map.of());
  }

  /** An answer: status, headers and the body as text (and as JSON on demand). */
  public record Response(int status, java.net.http.HttpHeaders headers, String body) {
    public String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + runbox.port() + path);
  }

  public int port() {
    return runbox.port();
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(2)).GET().build());
  }

  /** POSTs {@code body} as JSON (a String is sent as it is, anything else is serialised). */
  public Response post(String path, Object body) {
    try {
      String text = body instanceof String s ? s : JSON.writeValueAsString(body);
      return postBytes(path, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Response postBytes(String path, byte[] body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .timeout(Duration.ofMinutes(2))
            .build());
  }

  /** POSTs {@code body} as JSON with one extra header. */
  public Response postWithHeader(String path, Object body, String header, String value) {
    try {
      return send(
          HttpRequest.newBuilder(uri(path))
              .header("Content-Type", "application/json")
              .header(header, value)
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .timeout(Duration.ofMinutes(2))
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Response delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(2)).DELETE().build());
  }

  /** Between two looks at a resource a test polls (bounded by the test's own deadline). */
  public void pause(Duration d) {
    java.util.concurrent.locks.LockSupport.parkNanos(d.toNanos());
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Every container labelled with this instance, warm or not. */
  public List<Container> containers() {
    return engine
        .control()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.INSTANCE, instanceId))
        .exec();
  }

  /**
   * Ids of this instance's containers that are not idle in the warm pool (those the pool made and
   * still holds).
   */
  public List<String> runContainers() {
    return containers().stream()
        .filter(c -> !c.getLabels().getOrDefault(Labels.RUN, "").startsWith("pool-"))
        .map(Container::getId)
        .toList();
  }

  /** The run ids on this instance's containers that are not idle in the warm pool. */
  public List<String> runIds() {
    return containers().stream()
        .map(c -> c.getLabels().getOrDefault(Labels.RUN, ""))
        .filter(r -> !r.startsWith("pool-"))
        .toList();
  }

  /**
   * Waits (bounded) until this instance's only containers are the warm pool's idle ones: every
   * run's container removed, and no container taken from the pool left behind. Polls a condition;
   * fails with what is left when the deadline passes.
   */
  public void awaitOnlyWarmContainers(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Container> left = containers();
    while (!onlyIdleWarm(left) && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      left = containers();
    }
    assertThat(onlyIdleWarm(left))
        .as(
            "containers of instance %s besides %d idle warm one(s): %s",
            instanceId,
            warmContainers(),
            left.stream().map(c -> c.getNames()[0] + " " + c.getState()).toList())
        .isTrue();
  }

  private boolean onlyIdleWarm(List<Container> left) {
    boolean allPooled =
        left.stream()
            .allMatch(
                c ->
                    c.getLabels().getOrDefault(Labels.RUN, "").startsWith("pool-")
                        && "running".equals(c.getState()));
    return allPooled && left.size() == warmContainers();
  }

  /**
   * Waits (bounded) until the pool holds {@code n} idle containers of the image; false without a
   * pool.
   */
  public boolean awaitWarm(String image, int n, Duration timeout) throws InterruptedException {
    String ref = catalog.find(image).orElseThrow().ref();
    return sandbox.pool().isPresent() && sandbox.pool().get().awaitIdle(ref, n, timeout);
  }

  private int warmContainers() {
    return sandbox.pool().map(WarmPool::idleCount).orElse(0);
  }

  /**
   * Stops the server, removes warm containers, waits for removals, and asserts that nothing of this
   * instance is left.
   */
  @Override
  public void close() {
    client.close();
    runbox.close();
    data.close();
    List<Container> left = containers();
    engine.close();
    assertThat(left).as("containers left by instance " + instanceId).isEmpty();
  }
}
