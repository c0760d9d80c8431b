package dev.runbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbox.app.Runbox;
import dev.runbox.app.Wiring;
import dev.runbox.config.ConfigLoader;
import dev.runbox.config.RunboxConfig;
import dev.runbox.config.TestDataDir;
import dev.runbox.core.FakeSandbox;
import dev.runbox.core.Readiness;
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
 * runbox's real HTTP server on port 0 with a fake sandbox and the repository's catalog, spoken to
 * as a cyber-dojo or Piston client would.
 */
public final class CompatServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final FakeSandbox sandbox;
  public final AtomicReference<List<String>> readinessProblems = new AtomicReference<>(List.of());
  private final Runbox runbox;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final AtomicInteger ids = new AtomicInteger();
  private final TestDataDir data = new TestDataDir();

  public CompatServer(FakeSandbox sandbox, Map<String, String> flags) {
    this.sandbox = sandbox;
    Map<String, String> all =
        new HashMap<>(Map.of("port", "0", "max_body_kib", "64", "max_files", "20"));
    all.put("data_dir", data.toString());
    all.putAll(flags);
    try {
      RunboxConfig config = ConfigLoader.load(Optional.empty(), Map.of(), all);
      this.runbox =
          Wiring.of(config)
              .catalog(Path.of("images"))
              .sandbox(sandbox)
              .readiness(() -> new Readiness.Status(readinessProblems.get()))
              .runIds(() -> "run-" + ids.incrementAndGet())
              .service()
              .start();
    } catch (RuntimeException e) {
      data.close();
      throw e;
    }
  }

  public CompatServer(FakeSandbox sandbox) {
    this(sandbox, Map.of());
  }

  /** The port the service listens on (loopback). */
  public int port() {
    return runbox.port();
  }

  public record Response(int status, Map<String, List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  public Response post(String path, Object body, String... headers) {
    return send("POST", path, body, headers);
  }

  public Response get(String path) {
    return send("GET", path, null);
  }

  /** Any method, with a JSON body when {@code body} is not null (a String is sent as is). */
  public Response send(String method, String path, Object body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runbox.port() + path))
            .timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      String text =
          body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
      b.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(text));
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public void close() {
    sandbox.release();
    client.close();
    runbox.close();
    data.close();
  }
}
