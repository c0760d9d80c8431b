package dev.runbox.sandbox.docker;

import dev.runbox.config.TestDataDir;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real service as a separate process, with its log lines to wait on. */
final class ServiceProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");
  private final TestDataDir data = new TestDataDir();
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private int port;

  ServiceProcess(String... settings) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.runbox.app.Main",
                "--set",
                "catalog=" + System.getProperty("runbox.catalog", "images"),
                "--set",
                "port=0",
                "--set",
                "data_dir=" + data));
    for (String s : settings) {
      cmd.add("--set");
      cmd.add(s);
    }
    cmd.add("serve");
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (java.io.IOException ended) {
                // the process ended
              }
            });
    Matcher m =
        LISTENING.matcher(awaitLine(l -> LISTENING.matcher(l).find(), Duration.ofSeconds(60)));
    m.find();
    port = Integer.parseInt(m.group(1));
  }

  long pid() {
    return process.pid();
  }

  /** Waits for a log line matching, bounded; fails with what was seen when none comes. */
  String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError(
            "no such log line within " + timeout + "; seen:\n" + String.join("\n", seen));
      }
      seen.add(line);
      if (wanted.test(line)) {
        return line;
      }
    }
  }

  void awaitLines(Predicate<String> wanted, int count, Duration timeout)
      throws InterruptedException {
    for (int i = 0; i < count; i++) {
      awaitLine(wanted, timeout);
    }
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  CompletableFuture<HttpResponse<String>> post(String json) {
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/runs"))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    data.close();
  }
}
