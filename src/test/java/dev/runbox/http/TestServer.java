package dev.runbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbox.app.Runbox;
import dev.runbox.app.Wiring;
import dev.runbox.config.ConfigLoader;
import dev.runbox.config.RunboxConfig;
import dev.runbox.config.TestDataDir;
import dev.runbox.core.AdmissionGate;
import dev.runbox.core.FakeSandbox;
import dev.runbox.core.Readiness;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real server on port 0, with a fake sandbox, the repository's catalog and a settable
 * readiness.
 */
public final class TestServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final FakeSandbox sandbox;
  public final RunboxConfig config;
  final AdmissionGate gate;
  final PrometheusMeterRegistry registry;
  final AtomicReference<List<String>> readinessProblems = new AtomicReference<>(List.of());
  final Runbox runbox;
  final HttpServer server;
  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final AtomicInteger ids = new AtomicInteger();
  private final TestDataDir data = new TestDataDir();

  public TestServer(FakeSandbox sandbox, Map<String, String> flags) {
    this(sandbox, flags, Duration.ofSeconds(30));
  }

  TestServer(FakeSandbox sandbox, Map<String, String> flags, Duration idleTimeout) {
    this.sandbox = sandbox;
    Map<String, String> all =
        new HashMap<>(Map.of("port", "0", "max_body_kib", "64", "max_files", "20"));
    all.put("data_dir", data.toString());
    all.putAll(flags);
    try {
      this.config = ConfigLoader.load(Optional.empty(), Map.of(), all);
      this.runbox =
          Wiring.of(config)
              .catalog(Path.of("images"))
              .sandbox(sandbox)
              .readiness(() -> new Readiness.Status(readinessProblems.get()))
              .runIds(() -> "run-" + ids.incrementAndGet())
              .idleTimeout(idleTimeout)
              .service()
              .start();
    } catch (RuntimeException e) {
      data.close();
      throw e;
    }
    this.gate = runbox.gate();
    this.registry = runbox.registry();
    this.server = runbox.server();
  }

  public TestServer(FakeSandbox sandbox) {
    this(sandbox, Map.of());
  }

  /** A response with its body as text, and as JSON when it is JSON. */
  public record Response(int status, Map<String, List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst()
          .orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + runbox.port() + path);
  }

  public Response get(String path, String... headers) {
    return send(request(path, headers).GET().build());
  }

  Response postJson(String path, String json, String... headers) {
    return send(
        request(path, headers)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  public Response run(String json, String... headers) {
    return postJson("/v1/runs", json, headers);
  }

  public Response run(Map<String, ?> body, String... headers) {
    try {
      return run(JSON.writeValueAsString(body), headers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  Response send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    sandbox.release();
    client.close();
    runbox.close();
    data.close();
  }
}
