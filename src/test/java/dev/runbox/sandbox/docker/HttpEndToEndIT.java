package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbox.config.ConfigLoader;
import dev.runbox.config.RunboxConfig;
import dev.runbox.core.AdmissionGate;
import dev.runbox.core.FileSet;
import dev.runbox.core.Readiness;
import dev.runbox.core.RunService;
import dev.runbox.core.Sandbox;
import dev.runbox.http.HttpServer;
import dev.runbox.images.ImageCatalogDirectory;
import dev.runbox.metrics.MetricsObserver;
import dev.runbox.metrics.PrometheusRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** The whole service against the real engine: HTTP in, a container per run, a verdict out, nothing left. */
@org.junit.jupiter.api.Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
class HttpEndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String instanceId = "it-" + UUID.randomUUID();
  private final Engine engine = Engine.connect(URI.create("unix:///var/run/docker.sock"), Duration.ofMinutes(2), 32);
  private final RunboxConfig config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of("port", "0", "instance_id", instanceId));
  private final ImageCatalogDirectory catalog = ImageCatalogDirectory.load(Path.of("images"), config.defaultLimits(), config.maximumLimits());
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Sandbox sandbox;
  private final HttpServer server;

  HttpEndToEndIT() {
    assertThat(engine.answers()).as("a Docker engine must answer on /var/run/docker.sock (run scripts/engine.sh)").isTrue();
    sandbox = new DockerSandbox(engine, DockerSandboxSettings.defaults(instanceId), Clock.systemUTC());
    AdmissionGate gate = new AdmissionGate(config.maxRunning(), config.maxQueued(), config.queueTimeout());
    PrometheusMeterRegistry registry = PrometheusRegistry.create();
    MetricsObserver observer = new MetricsObserver(registry, gate::waiting, () -> gate.running(config.maxRunning()));
    RunService runs = new RunService(catalog, sandbox, config.maximumLimits(), gate, observer,
        () -> UUID.randomUUID().toString(), Clock.systemUTC());
    Readiness readiness = () -> new Readiness.Status(engine.answers() ? List.of() : List.of("the engine does not answer"));
    server = new HttpServer(config, runs, catalog, readiness, registry).start();
  }

  @AfterEach
  void nothingIsLeft() throws Exception {
    server.stop();
    client.close();
    if (sandbox instanceof AutoCloseable pending) {
      pending.close(); // a sandbox that removes containers in the background waits for them here
    }
    var left = engine.control().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(Labels.INSTANCE, instanceId)).exec();
    engine.close();
    assertThat(left).as("containers left by instance " + instanceId).isEmpty();
  }

  @Test
  void runsThePythonGreenSampleToGreen() throws Exception {
    JsonNode run = runSample("green");

    assertThat(run.get("outcome").asText()).as(run.toString()).isEqualTo("green");
    assertThat(run.get("exit_status").asInt()).isZero();
    assertThat(run.at("/stdout/content").asText()).contains("passed");
    assertThat(run.get("rule_set").asText()).startsWith("python@");
    assertThat(run.at("/usage/wall_ms").asLong()).isPositive();
  }

  @Test
  void runsThePythonRedSampleToRed() throws Exception {
    JsonNode run = runSample("red");

    assertThat(run.get("outcome").asText()).as(run.toString()).isEqualTo("red");
    assertThat(run.get("exit_status").asInt()).isEqualTo(1);
    assertThat(run.at("/stdout/content").asText()).contains("failed");
  }

  @Test
  void isReadyAndCountsTheRunInItsMetrics() throws Exception {
    runSample("green");

    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").body()).contains("runbox_runs_total{image=\"python\",outcome=\"green\"} 1.0");
  }

  private JsonNode runSample(String variant) throws Exception {
    FileSet sample = catalog.manifest("python").orElseThrow().samples().get(variant);
    Map<String, String> files = new LinkedHashMap<>();
    sample.files().forEach(f -> files.put(f.path(), new String(f.content(), StandardCharsets.UTF_8)));
    HttpRequest post = HttpRequest.newBuilder(uri("/v1/runs")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("image", "python", "files", files))))
        .timeout(Duration.ofMinutes(2)).build();
    HttpResponse<String> r = client.send(post, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
