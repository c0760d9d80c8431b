package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.runbox.jobs.callback.CallbackSignature;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The async API against the real engine and the embedded SQLite store: a job's result is exactly
 * the synchronous route's answer; an Idempotency-Key gives the same job for the same body and 409
 * for another; a bad request is refused at submit; a batch runs every item; a cancelled job stays
 * cancelled; nothing is left.
 */
@org.junit.jupiter.api.Timeout(value = 300, threadMode = ThreadMode.SEPARATE_THREAD)
class JobsIT {
  private static final String SECRET = "it-callback-secret";
  private static Path dir;
  private static ServiceFixture service;
  private static HttpServer receiver;
  private static final BlockingQueue<Delivery> delivered = new LinkedBlockingQueue<>();

  /** What the loopback receiver got. */
  record Delivery(String signature, String jobId, String attempt, byte[] body) {}

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("runbox-jobs-it");
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          delivered.add(
              new Delivery(
                  ex.getRequestHeaders().getFirst("Runbox-Signature"),
                  ex.getRequestHeaders().getFirst("Runbox-Job-Id"),
                  ex.getRequestHeaders().getFirst("Runbox-Attempt"),
                  body));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    service =
        new ServiceFixture(
            Map.of(
                "jobs_url",
                "sqlite:" + dir.resolve("jobs.db"),
                "max_running",
                "2",
                "callback_secret",
                SECRET,
                "callback_allow",
                "127.0.0.1:" + receiver.getAddress().getPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
    receiver.stop(0);
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static Map<String, Object> run(String code) {
    return Map.of(
        "kind",
        "run",
        "request",
        Map.of("image", "python", "files", Map.of("main.py", code), "command", "python3 main.py"));
  }

  @Test
  void aRunJobEndsDoneWithTheSynchronousAnswer() {
    ServiceFixture.Response submitted = service.post("/v1/jobs", run("print('hi')\n"));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    String id = submitted.json().get("id").asText();
    assertThat(submitted.json().get("status").asText()).isIn("queued", "running", "done");

    JsonNode job = awaitFinal(id);

    assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("done");
    assertThat(job.get("attempts").asInt()).isEqualTo(1);
    assertThat(job.get("node").asText()).isEqualTo(service.instanceId);
    assertThat(job.at("/result/stdout/content").asText()).isEqualTo("hi\n");
    assertThat(job.at("/result/exit_status").asInt()).isZero();
    assertThat(job.get("finished_at").isNull()).isFalse();
    assertThat(service.get("/metrics").body())
        .contains("runbox_jobs_queued")
        .contains("runbox_jobs_running")
        .contains("runbox_jobs_oldest_queued_age_seconds")
        .contains("runbox_jobs_redelivered_total")
        .contains("runbox_jobs_callbacks_failed_total");
  }

  @Test
  void aFailingProgramIsADoneJob() {
    String id = service.post("/v1/jobs", run("raise SystemExit(3)\n")).json().get("id").asText();

    JsonNode job = awaitFinal(id);

    assertThat(job.get("status").asText()).isEqualTo("done");
    assertThat(job.at("/result/exit_status").asInt()).isEqualTo(3);
  }

  @Test
  void anIdempotencyKeyGivesTheSameJobAndRefusesAnotherBody() {
    ServiceFixture.Response a =
        service.postWithHeader("/v1/jobs", run("print(1)\n"), "Idempotency-Key", "k-1");
    ServiceFixture.Response b =
        service.postWithHeader("/v1/jobs", run("print(1)\n"), "Idempotency-Key", "k-1");
    ServiceFixture.Response c =
        service.postWithHeader("/v1/jobs", run("print(2)\n"), "Idempotency-Key", "k-1");

    assertThat(b.json().get("id").asText()).isEqualTo(a.json().get("id").asText());
    assertThat(c.status()).as(c.body()).isEqualTo(409);
    assertThat(c.body()).contains("Idempotency-Key");
    awaitFinal(a.json().get("id").asText());
  }

  @Test
  void aBadRequestIsRefusedAtSubmitAsTheSynchronousRouteWouldRefuseIt() {
    ServiceFixture.Response unknown =
        service.post(
            "/v1/jobs",
            Map.of(
                "kind", "run", "request", Map.of("image", "brainfuck", "files", Map.of("a", "b"))));
    ServiceFixture.Response badKind =
        service.post("/v1/jobs", Map.of("kind", "compile", "request", Map.of()));

    assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
    assertThat(badKind.status()).isEqualTo(400);
    assertThat(badKind.body()).contains("kind");
  }

  @Test
  void aBatchRunsEveryItemAndIsReadBackInOrder() {
    ServiceFixture.Response r =
        service.post(
            "/v1/jobs/batch",
            Map.of(
                "jobs",
                List.of(
                    run("print('a')\n"),
                    Map.of(
                        "kind",
                        "judge",
                        "request",
                        Map.of(
                            "image",
                            "python",
                            "files",
                            Map.of("main.py", "print(int(input()) * 2)\n"),
                            "tests",
                            List.of(
                                Map.of(
                                    "name", "t", "stdin", "21\n", "expected_output", "42\n")))))));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    String first = r.json().at("/jobs/0/id").asText();
    String second = r.json().at("/jobs/1/id").asText();
    awaitFinal(first);
    awaitFinal(second);

    JsonNode both = service.get("/v1/jobs?ids=" + second + "," + first).json();

    assertThat(both.at("/jobs/0/id").asText()).isEqualTo(second);
    assertThat(both.at("/jobs/0/result/verdict").asText()).isEqualTo("accepted");
    assertThat(both.at("/jobs/1/result/stdout/content").asText()).isEqualTo("a\n");
  }

  @Test
  void aCancelledJobStaysCancelledAndAnEndedOneCannotBeCancelled() {
    String id =
        service
            .post("/v1/jobs", run("import time\ntime.sleep(5)\nprint('late')\n"))
            .json()
            .get("id")
            .asText();

    ServiceFixture.Response cancelled = service.delete("/v1/jobs/" + id);
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(202);
    assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
    JsonNode after = awaitQuiet(id, Duration.ofSeconds(8));
    assertThat(after.get("status").asText()).isEqualTo("cancelled");
    assertThat(after.get("result").isNull()).as("a cancelled attempt's result is refused").isTrue();
    assertThat(service.delete("/v1/jobs/" + id).status()).isEqualTo(409);
    assertThat(service.get("/v1/jobs/no-such-job").status()).isEqualTo(404);
  }

  /**
   * The run's own limits differ from the image's in one a container is made with (pids; a time of
   * its own alone would still take a warm one), so it takes a cold container labelled with its run
   * (a warm one keeps its pool label): the test sees it come and go.
   */
  @Test
  void aRunningJobCancelledHasItsContainerRemovedAtOnce() {
    Map<String, Object> sleeper =
        Map.of(
            "kind",
            "run",
            "request",
            Map.of(
                "image",
                "python",
                "files",
                Map.of("main.py", "import time\ntime.sleep(40)\nprint('late')\n"),
                "command",
                "python3 main.py",
                "limits",
                Map.of("time_s", 45, "pids", 100)));
    String id = service.post("/v1/jobs", sleeper).json().get("id").asText();
    Instant until = Instant.now().plus(Duration.ofSeconds(30));
    while (!service.get("/v1/jobs/" + id).json().get("status").asText().equals("running")
        || service.runContainers().isEmpty()) {
      assertThat(Instant.now()).as("job " + id + " running in its container").isBefore(until);
      service.pause(Duration.ofMillis(100));
    }

    ServiceFixture.Response cancelled = service.delete("/v1/jobs/" + id);

    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(202);
    Instant gone = Instant.now().plus(Duration.ofSeconds(10));
    while (!service.runContainers().isEmpty()) {
      assertThat(Instant.now())
          .as("the cancelled run's container removed long before its 40 s sleep ends")
          .isBefore(gone);
      service.pause(Duration.ofMillis(100));
    }
    JsonNode after = service.get("/v1/jobs/" + id).json();
    assertThat(after.get("status").asText()).isEqualTo("cancelled");
    assertThat(after.get("result").isNull()).isTrue();
  }

  @Test
  void aFinishedJobIsPostedSignedToItsCallbackAndTheDeliveryIsRecorded() throws Exception {
    Map<String, Object> job = new java.util.HashMap<>(run("print('called back')\n"));
    job.put("callback_url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    String id = service.post("/v1/jobs", job).json().get("id").asText();

    Delivery d = delivered.poll(90, TimeUnit.SECONDS);

    assertThat(d).as("a callback within 90 s").isNotNull();
    assertThat(d.jobId()).isEqualTo(id);
    assertThat(d.attempt()).isEqualTo("1");
    assertThat(
            CallbackSignature.verify(
                d.signature(), d.body(), SECRET, Instant.now(), Duration.ofMinutes(5)))
        .isEqualTo(CallbackSignature.Verdict.VALID);
    JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(d.body());
    assertThat(body.get("status").asText()).isEqualTo("done");
    assertThat(body.at("/result/stdout/content").asText()).isEqualTo("called back\n");
    Instant until = Instant.now().plus(Duration.ofSeconds(30));
    JsonNode after = service.get("/v1/jobs/" + id).json();
    while (!after.at("/callback/state").asText().equals("delivered")
        && Instant.now().isBefore(until)) {
      service.pause(Duration.ofMillis(100));
      after = service.get("/v1/jobs/" + id).json();
    }
    assertThat(after.at("/callback/state").asText()).as(after.toString()).isEqualTo("delivered");
    assertThat(after.at("/callback/attempts").asInt()).isEqualTo(1);
  }

  @Test
  void aCallbackToAPrivateOrMetadataAddressIsRefusedAtSubmit() {
    for (String url :
        List.of(
            "http://10.1.2.3/hook",
            "http://169.254.169.254/latest",
            "file:///etc/passwd",
            "http://127.0.0.1:1/other-port")) {
      Map<String, Object> job = new java.util.HashMap<>(run("print(1)\n"));
      job.put("callback_url", url);

      ServiceFixture.Response r = service.post("/v1/jobs", job);

      assertThat(r.status()).as(url + ": " + r.body()).isEqualTo(400);
      assertThat(r.body()).contains("callback_url");
    }
  }

  /** Polls the job (bounded) until it is final. */
  private static JsonNode awaitFinal(String id) {
    Instant until = Instant.now().plus(Duration.ofSeconds(90));
    while (true) {
      JsonNode j = service.get("/v1/jobs/" + id).json();
      String s = j.get("status").asText();
      if (s.equals("done") || s.equals("failed") || s.equals("cancelled")) {
        return j;
      }
      assertThat(Instant.now()).as("job " + id + " still " + s).isBefore(until);
      service.pause(Duration.ofMillis(100));
    }
  }

  /** The job after the run it had started has surely ended (its own time, bounded). */
  private static JsonNode awaitQuiet(String id, Duration runEnds) {
    Instant until = Instant.now().plus(runEnds);
    JsonNode j = service.get("/v1/jobs/" + id).json();
    while (Instant.now().isBefore(until)) {
      j = service.get("/v1/jobs/" + id).json();
      assertThat(j.get("status").asText()).isEqualTo("cancelled");
      service.pause(Duration.ofMillis(250));
    }
    return j;
  }
}
