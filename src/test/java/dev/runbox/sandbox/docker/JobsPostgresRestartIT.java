package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.jobs.store.NodeLocks;
import dev.runbox.jobs.store.PostgresFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * PostgreSQL restarted under load: a node keeps taking jobs while its store is stopped (a fast,
 * clean shutdown) and started again. Submits during the outage are refused with 503; every job
 * accepted with 202, before, during or after, ends {@code done} exactly once with its own result;
 * the node was never restarted, is ready afterwards, and holds its liveness lock again.
 */
@org.junit.jupiter.api.Timeout(value = 600, threadMode = ThreadMode.SEPARATE_THREAD)
class JobsPostgresRestartIT {
  private static final Duration PHASE = Duration.ofSeconds(120);

  /** What the submitter saw. */
  private static final class Load {
    final Map<String, Integer> accepted = new ConcurrentHashMap<>();
    final AtomicInteger refused = new AtomicInteger();
    final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    volatile boolean stop;
  }

  @Test
  void jobsAcceptedAcrossARestartOfTheStoreAllEndDoneOnceOnTheSameNode() throws Exception {
    try (PostgresFixture.Cluster pg = PostgresFixture.privateCluster();
        ServiceFixture node =
            new ServiceFixture(
                Map.of("jobs_url", pg.url(), "jobs_lease_s", "5", "max_running", "2"))) {
      Load load = new Load();
      Thread submitter = Thread.ofPlatform().name("submitter").start(() -> submit(node, load));
      try {
        await("6 jobs accepted before the restart", () -> load.accepted.size() >= 6, load);
        await("a job running as the store stops", () -> anyRunning(node, load), load);
        pg.stop();
        int acceptedBefore = load.accepted.size();
        // the first refusal may be a session the stop ended; the second waited for a connection
        await("two submits refused while the store is down", () -> load.refused.get() >= 2, load);
        pg.start();
        await(
            "6 more jobs accepted after the restart",
            () -> load.accepted.size() >= acceptedBefore + 6,
            load);
      } finally {
        load.stop = true;
        submitter.join(Duration.ofMinutes(2));
      }
      assertThat(submitter.isAlive()).as("the submitter stopped").isFalse();
      assertThat(load.unexpected).as("answers other than 202 and 503").isEmpty();

      Instant until = Instant.now().plus(Duration.ofMinutes(4));
      int redone = 0;
      for (Map.Entry<String, Integer> e : load.accepted.entrySet()) {
        JsonNode job = awaitFinal(node, e.getKey(), until);
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("done");
        assertThat(job.at("/result/stdout/content").asText())
            .as(job.toString())
            .isEqualTo("job " + e.getValue() + "\n");
        assertThat(job.get("node").asText()).isEqualTo(node.instanceId);
        assertThat(doneAttempts(pg.url(), e.getKey())).as("results recorded").isEqualTo(1);
        redone += job.get("attempts").asInt() - 1;
      }
      System.out.printf(
          "JobsPostgresRestartIT: %d jobs accepted, all done once; %d submit(s) refused with 503"
              + " during the outage; %d job(s) run again after the restart%n",
          load.accepted.size(), load.refused.get(), redone);

      assertThat(node.get("/health/ready").status()).isEqualTo(200);
      assertThat(lockSessions(pg.url(), node.instanceId))
          .as("the node's liveness lock, taken again after the restart")
          .isEqualTo(1);
    }
  }

  /**
   * Submits one small job (a second long) after another until told to stop; paced, never faster
   * than 4/s.
   */
  private static void submit(ServiceFixture node, Load load) {
    int n = 0;
    while (!load.stop) {
      n++;
      Instant began = Instant.now();
      ServiceFixture.Response r;
      try {
        r =
            node.post(
                "/v1/jobs",
                Map.of(
                    "kind",
                    "run",
                    "request",
                    Map.of(
                        "image",
                        "bash",
                        "files",
                        Map.of("main.sh", "sleep 1\necho job " + n + "\n"),
                        "command",
                        "bash main.sh")));
      } catch (RuntimeException e) {
        load.unexpected.add("submit " + n + ": " + e);
        continue;
      }
      switch (r.status()) {
        case 202 -> load.accepted.put(r.json().get("id").asText(), n);
        case 503 -> {
          if (!"5".equals(r.headers().firstValue("Retry-After").orElse(""))
              || !r.body().contains("job store cannot be reached")) {
            load.unexpected.add("503 without Retry-After or reason: " + r.body());
          }
          load.refused.incrementAndGet();
        }
        default -> load.unexpected.add(r.status() + " " + r.body());
      }
      Duration spent = Duration.between(began, Instant.now());
      if (spent.compareTo(Duration.ofMillis(250)) < 0) {
        node.pause(Duration.ofMillis(250).minus(spent));
      }
    }
  }

  private static void await(String what, BooleanSupplier done, Load load) {
    Instant until = Instant.now().plus(PHASE);
    while (!done.getAsBoolean()) {
      assertThat(load.unexpected).as("answers other than 202 and 503").isEmpty();
      assertThat(Instant.now()).as(what).isBefore(until);
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }

  private static boolean anyRunning(ServiceFixture node, Load load) {
    for (String id : List.copyOf(load.accepted.keySet())) {
      if (node.get("/v1/jobs/" + id).json().get("status").asText().equals("running")) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode awaitFinal(ServiceFixture node, String id, Instant until) {
    while (true) {
      JsonNode j = node.get("/v1/jobs/" + id).json();
      if (List.of("done", "failed", "cancelled").contains(j.get("status").asText())) {
        return j;
      }
      assertThat(Instant.now()).as("job " + id + " " + j).isBefore(until);
      node.pause(Duration.ofMillis(200));
    }
  }

  private static int doneAttempts(String url, String id) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM runbox_attempt WHERE job_id = ? AND outcome = 'done'")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /** The sessions that hold {@code node}'s liveness lock. */
  private static int lockSessions(String url, String node) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    + " AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 2")) {
      s.setLong(1, Integer.toUnsignedLong(NodeLocks.CLASS_ID));
      s.setLong(2, Integer.toUnsignedLong(NodeLocks.objectId(node)));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }
}
