package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbox.core.RunObserver;
import dev.runbox.jobs.store.PostgresFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * A node that dies holding jobs loses them to another: node A (a runbox process of its own, on the
 * shared PostgreSQL store) claims two jobs and is killed with SIGKILL while they run; node B (this
 * JVM's service, on the same store) finds A's liveness lock free and runs them again at once, long
 * before A's one-minute leases lapse, each to one result, on attempt 2. A's orphaned containers are
 * removed by a reaper, as after any crash.
 */
@org.junit.jupiter.api.Timeout(value = 300, threadMode = ThreadMode.SEPARATE_THREAD)
class JobsFailoverIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Node A's lease: B takes A's jobs long before it could lapse. */
  private static final Duration A_LEASE = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newHttpClient();
  @org.junit.jupiter.api.io.TempDir Path data;

  @Test
  void theJobsOfAKilledNodeAreFinishedByAnotherExactlyOnce() throws Exception {
    String store = PostgresFixture.url();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile("runbox-node-a", ".log");
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process a =
        new ProcessBuilder(
                java,
                "-jar",
                Path.of("target/runbox.jar").toAbsolutePath().toString(),
                "serve",
                "--set",
                "port=" + port,
                "--set",
                "jobs_url=" + store,
                "--set",
                "data_dir=" + data,
                "--set",
                "instance_id=node-a-" + port,
                "--set",
                "jobs_lease_s=" + A_LEASE.toSeconds(),
                "--set",
                "pool_size=0",
                "--set",
                "max_running=2")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    String base = "http://127.0.0.1:" + port;
    List<String> ids = new ArrayList<>();
    try {
      awaitReady(base, a, log);
      for (int i = 0; i < 2; i++) {
        ids.add(submit(base, "import time\ntime.sleep(4)\nprint('job " + i + "')\n"));
      }
      for (String id : ids) {
        awaitStatus(base, id, "running", Duration.ofSeconds(60));
      }
    } finally {
      a.destroyForcibly(); // SIGKILL: no drain, no release, no cleanup
      a.waitFor();
    }
    OffsetDateTime killed = databaseNow(store);

    try (ServiceFixture b = new ServiceFixture(Map.of("jobs_url", store, "jobs_lease_s", "3"))) {
      for (int i = 0; i < ids.size(); i++) {
        JsonNode job = awaitFinal(b, ids.get(i));
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("done");
        assertThat(job.get("attempts").asInt()).as("A's attempt, then B's").isEqualTo(2);
        assertThat(job.get("node").asText()).isEqualTo(b.instanceId);
        assertThat(job.at("/result/stdout/content").asText()).isEqualTo("job " + i + "\n");
      }
      for (String id : ids) {
        List<Attempt> attempts = attempts(store, id);
        assertThat(attempts)
            .extracting(Attempt::outcome)
            .as("A's attempt ended as its node's death was seen, not as its lease lapsed")
            .containsExactly("node dead", "done");
        assertThat(attempts.get(1).claimed())
            .as("B's attempt began before A's lease could have lapsed")
            .isBefore(attempts.get(0).claimed().plus(A_LEASE));
        System.out.printf(
            "JobsFailoverIT: job %s claimed again by B %d ms after A was killed (A's lease: %d s)%n",
            id,
            Duration.between(killed, attempts.get(1).claimed()).toMillis(),
            A_LEASE.toSeconds());
      }
      try (Engine engine =
          Engine.connect(URI.create("unix:///var/run/docker.sock"), Duration.ofSeconds(30), 2)) {
        new Reaper(engine, Clock.systemUTC(), RunObserver.NONE).reapOnce();
        assertThat(
                engine
                    .control()
                    .listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(Map.of(Labels.INSTANCE, "node-a-" + port))
                    .exec())
            .as("node A's containers, after a reaper's round")
            .isEmpty();
      }
    }
  }

  /** One row of the attempt audit table, read straight from the store. */
  private record Attempt(OffsetDateTime claimed, String outcome) {}

  private static List<Attempt> attempts(String store, String id) throws SQLException {
    try (Connection c = DriverManager.getConnection(store);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT claimed_at, outcome FROM runbox_attempt WHERE job_id = ? ORDER BY attempt")) {
      s.setString(1, id);
      List<Attempt> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(new Attempt(r.getObject(1, OffsetDateTime.class), r.getString(2)));
        }
      }
      return rows;
    }
  }

  /** The store's clock, the one its attempt rows are written with. */
  private static OffsetDateTime databaseNow(String store) throws SQLException {
    try (Connection c = DriverManager.getConnection(store);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT clock_timestamp()")) {
      r.next();
      return r.getObject(1, OffsetDateTime.class);
    }
  }

  private void awaitReady(String base, Process a, Path log) throws Exception {
    Instant until = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(until)) {
      assertThat(a.isAlive()).as("node A is running; its log: " + Files.readString(log)).isTrue();
      try {
        if (get(base + "/health/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      try {
        a.onExit().get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException stillRunning) {
        // it runs and does not answer yet: look again
      }
    }
    throw new AssertionError("node A was not ready in 90 s; its log: " + Files.readString(log));
  }

  private String submit(String base, String code) throws Exception {
    String body =
        JSON.writeValueAsString(
            Map.of(
                "kind",
                "run",
                "request",
                Map.of(
                    "image",
                    "python",
                    "files",
                    Map.of("main.py", code),
                    "command",
                    "python3 main.py")));
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return JSON.readTree(r.body()).get("id").asText();
  }

  private void awaitStatus(String base, String id, String status, Duration within)
      throws Exception {
    Instant until = Instant.now().plus(within);
    JsonNode job = JSON.readTree(get(base + "/v1/jobs/" + id).body());
    while (!job.get("status").asText().equals(status)) {
      assertThat(Instant.now()).as("job " + id + " " + job).isBefore(until);
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      job = JSON.readTree(get(base + "/v1/jobs/" + id).body());
    }
  }

  private static JsonNode awaitFinal(ServiceFixture b, String id) {
    Instant until = Instant.now().plus(Duration.ofSeconds(120));
    while (true) {
      JsonNode j = b.get("/v1/jobs/" + id).json();
      if (List.of("done", "failed", "cancelled").contains(j.get("status").asText())) {
        return j;
      }
      assertThat(Instant.now()).as("job " + id + " " + j).isBefore(until);
      b.pause(Duration.ofMillis(200));
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
