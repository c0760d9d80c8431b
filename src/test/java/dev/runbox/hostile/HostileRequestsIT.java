package dev.runbox.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.sandbox.docker.ServiceFixture;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile requests to the real service (classes 16, 17 and 24 of shared/SECURITY.md): each gets a
 * clear 4xx problem, no container is made for it, and a normal run right after is answered
 * correctly.
 */
class HostileRequestsIT {
  private static ServiceFixture service;
  private long runsBefore;

  @BeforeAll
  static void startTheService() {
    // one run at a time and no queue, so that a second run at once is over capacity
    service = new ServiceFixture(Map.of("max_running", "1", "max_queued", "0"));
  }

  @AfterAll
  static void stopTheService() {
    service.close();
  }

  @BeforeEach
  void countRuns() {
    runsBefore = runsFinished();
  }

  @AfterEach
  void nothingRanNothingIsLeftAndANormalRunIsAnswered() {
    assertThat(runsFinished()).as("runs finished by the refused request").isEqualTo(runsBefore);
    assertThat(service.containers()).as("containers made for the refused request").isEmpty();
    HostileService.assertANormalRunIsAnsweredAndNothingIsLeft(service);
  }

  private static long runsFinished() {
    return (long)
        service.registry.find("runbox.runs").counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static ServiceFixture.Response run(Object body) {
    return service.post("/v1/runs", body);
  }

  private static void assertProblem(ServiceFixture.Response r, int status, String detail) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("detail").asText()).as(r.body()).contains(detail);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../escape.sh",
        "a/../../escape.sh",
        "/etc/passwd",
        "a\u0000b.sh",
        "a\\..\\b.sh",
        "",
        "./a.sh",
        "a//b.sh",
        "a/",
        "\u001b[31mred.sh",
        "nested/../../../../etc/cron.d/x"
      })
  void anUnsafeFileNameIsRefusedWith400BeforeAnythingRuns(String name) {
    ServiceFixture.Response r =
        run(Map.of("image", "tiny", "files", Map.of(name, "echo pwned"), "command", "echo ran"));

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("field").asText()).isEqualTo("files");
  }

  @Test
  void aVeryLongFileNameIsRefused() {
    assertProblem(
        run(Map.of("image", "tiny", "files", Map.of("a".repeat(4096), "x"))),
        400,
        "longer than 255");
  }

  @Test
  void aVeryDeepFileNameIsRefused() {
    assertProblem(
        run(Map.of("image", "tiny", "files", Map.of("d/".repeat(40) + "x", "x"))),
        400,
        "deeper than 16");
  }

  @Test
  void anUnsafeNameMarkedExecutableIsRefused() {
    ServiceFixture.Response r =
        run(
            Map.of(
                "image", "tiny", "files", Map.of("a.sh", "x"), "executable", List.of("../a.sh")));
    assertProblem(r, 400, "'..'");
  }

  @Test
  void tenThousandFilesAreRefused() {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < 10_000; i++) {
      files.put("f" + i, "x");
    }
    assertProblem(
        run(Map.of("image", "tiny", "files", files)), 400, "10000 files sent; at most 1000");
  }

  @Test
  void aFileLargerThanTheBodyCapIsRefusedWith413() {
    String huge = "x".repeat(11 * 1024 * 1024);
    assertProblem(
        run(Map.of("image", "tiny", "files", Map.of("big.txt", huge))), 413, "at most 10485760");
  }

  @Test
  void aLargeBodySentWithoutALengthIsCutOffWith413() throws Exception {
    byte[] body =
        ("{\"image\":\"tiny\",\"files\":{\"big.txt\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    try (HttpClient chunked =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      HttpResponse<String> r =
          chunked.send(
              HttpRequest.newBuilder(service.uri("/v1/runs"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(body)))
                  .timeout(Duration.ofMinutes(1))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    }
  }

  @Test
  void aVeryLargeStdinIsRefusedWith413() {
    assertProblem(
        run(Map.of("image", "tiny", "command", "cat", "stdin", "y".repeat(11 * 1024 * 1024))),
        413,
        "at most");
  }

  @Test
  void deeplyNestedJsonIsRefusedWith400() {
    String deep = "{\"image\":\"tiny\",\"limits\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    ServiceFixture.Response r = run(deep);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
  }

  @Test
  void invalidUtf8InTheBodyIsRefusedWith400() {
    byte[] body =
        "{\"image\":\"tiny\",\"files\":{\"a.sh\":\"\u00ff\"}}"
            .getBytes(StandardCharsets.ISO_8859_1);
    ServiceFixture.Response r = service.postBytes("/v1/runs", body);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
  }

  @Test
  void limitsAboveTheMaximumAreRefusedNotClamped() {
    assertProblem(
        run(Map.of("image", "tiny", "command", "true", "limits", Map.of("pids", 100_000))),
        400,
        "1024");
  }

  @Test
  void filesLargerThanTheSandboxDiskAreRefusedWith400() {
    String big = "x".repeat(6 * 1024 * 1024);
    ServiceFixture.Response r =
        run(
            Map.of(
                "image",
                "tiny",
                "files",
                Map.of("big.txt", big),
                "command",
                "true",
                "limits",
                Map.of("disk_mib", 4)));
    assertProblem(
        r, 400, "6291456 bytes of files sent; the sandbox holds at most 4194304 (disk_mib 4)");
  }

  @Test
  void aRunBeyondCapacityIsRefusedWith429AndRetryAfterWhileTheRunningOneFinishes()
      throws Exception {
    java.util.concurrent.CompletableFuture<ServiceFixture.Response> sleeper =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                run(Map.of("image", "tiny", "command", "sleep 30", "limits", Map.of("time_s", 3))));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (service.runContainers().isEmpty() && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    assertThat(service.runContainers()).as("the sleeper's container").isNotEmpty();

    ServiceFixture.Response refused = run(Map.of("image", "tiny", "command", "echo never"));

    assertProblem(refused, 429, "");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    JsonNode slept = sleeper.get(60, java.util.concurrent.TimeUnit.SECONDS).json();
    assertThat(Attack.Ending.of(slept)).as(slept.toString()).isEqualTo(Attack.Ending.timedOut(124));
    service.awaitOnlyWarmContainers(Duration.ofSeconds(90));
    runsBefore++; // the sleeper ran; the refused run did not
  }
}
