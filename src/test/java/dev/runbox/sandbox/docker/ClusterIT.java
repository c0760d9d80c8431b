package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import com.sun.net.httpserver.HttpServer;
import dev.runbox.core.RunObserver;
import dev.runbox.jobs.callback.CallbackSignature;
import dev.runbox.jobs.store.PostgresFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Three runbox nodes (processes of their own, on loopback ports, sharing this machine's engine) on
 * one PostgreSQL, behind Debian's HAProxy with the repository's own configuration
 * (deploy/haproxy/haproxy.cfg). 300 jobs (runs and judges, a third with callbacks to a loopback
 * receiver) are submitted through HAProxy; PostgreSQL is stopped and started again once while they
 * run, then a random node is killed with SIGKILL every few seconds and started again (as a new
 * instance, like a replaced machine), one node down at a time; synchronous runs keep coming through
 * HAProxy. Then: every job is done with its own correct result, recorded exactly once (one attempt
 * ends done); every callback arrived signed, its duplicates (at-least-once) all of the final
 * attempt; no container is left once the nodes stopped and the reaper ran. It prints the time from
 * each kill to the killed node's jobs being claimed again, and how many synchronous runs failed.
 */
@org.junit.jupiter.api.Timeout(value = 900, threadMode = ThreadMode.SEPARATE_THREAD)
class ClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "cluster-callback-secret";
  private static final int NODES = 3;
  private static final int JOBS = 300;
  private static final int MAX_RUNNING = 2;
  private static final Duration KILL_EVERY = Duration.ofSeconds(6);
  private static final int MAX_KILLS = 8;

  private final String tag = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Path logs = Path.of("target", "cluster");
  private final List<String> instances = new CopyOnWriteArrayList<>();

  /** A callback the receiver got. */
  record Delivery(String jobId, int attempt, boolean signed) {}

  /** A kill: when, which instance, and how long each of its running jobs waited to be claimed. */
  record Kill(Instant at, String instance, List<Long> reclaimedMillis) {}

  @Test
  void killingNodesUnderLoadLosesNoJobAndRecordsEachResultOnce() throws Exception {
    Files.createDirectories(logs);
    PostgresFixture.Cluster pg = PostgresFixture.privateCluster();
    String store = pg.url();
    Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    HttpServer receiver = receiver(deliveries);
    int[] ports = {freePort(), freePort(), freePort()};
    int lbPort = freePort();
    List<String> settings =
        List.of(
            "jobs_url=" + store,
            "busy_status=503",
            "max_running=" + MAX_RUNNING,
            "max_queued=4",
            "queue_timeout_s=30",
            "pool_images=bash,python",
            "pool_size=2",
            "pool_min_size=1",
            "jobs_lease_s=5",
            "callback_secret=" + SECRET,
            "callback_allow=127.0.0.1:" + receiver.getAddress().getPort());
    Node[] nodes = new Node[NODES];
    Process lb = null;
    List<Kill> kills = new CopyOnWriteArrayList<>();
    List<String> syncFailures = new CopyOnWriteArrayList<>();
    int[] syncSent = {0};
    List<String> ids = new ArrayList<>();
    Map<String, Expected> expected = new HashMap<>();
    try {
      for (int i = 0; i < NODES; i++) {
        nodes[i] = Node.start(i, 0, ports[i], settings, logs, tag);
        instances.add(nodes[i].instance);
      }
      for (Node n : nodes) {
        n.awaitReady(http, Duration.ofSeconds(120));
      }
      lb = haproxy(lbPort, ports);
      String base = "http://127.0.0.1:" + lbPort;
      awaitThroughBalancer(base);

      String receiverUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
      for (int b = 0; b < JOBS / 100; b++) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = b * 100; i < (b + 1) * 100; i++) {
          Expected e = Expected.of(i, i % 3 == 0 ? receiverUrl : null);
          batch.add(e.submission());
          expected.put("#" + i, e);
        }
        HttpResponse<String> r = post(base + "/v1/jobs/batch", Map.of("jobs", batch));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode jobs = JSON.readTree(r.body()).get("jobs");
        for (int i = 0; i < jobs.size(); i++) {
          String id = jobs.get(i).get("id").asText();
          ids.add(id);
          expected.put(id, expected.remove("#" + (b * 100 + i)));
        }
      }

      AtomicBoolean loadOn = new AtomicBoolean(true);
      Thread sync =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (loadOn.get()) {
                      syncSent[0]++;
                      String line = "sync-" + syncSent[0];
                      try {
                        HttpResponse<String> r =
                            post(
                                base + "/v1/runs",
                                Map.of(
                                    "image", "bash",
                                    "files", Map.of("hello.sh", "echo " + line),
                                    "command", "bash hello.sh"));
                        if (r.statusCode() != 200
                            || !JSON.readTree(r.body())
                                .at("/stdout/content")
                                .asText()
                                .equals(line + "\n")) {
                          syncFailures.add(Instant.now() + " " + r.statusCode() + " " + r.body());
                          pace();
                        }
                      } catch (Exception e) {
                        syncFailures.add(Instant.now() + " " + e);
                        pace();
                      }
                    }
                  });

      Random random = new Random(42);
      Instant allowed = Instant.now().plus(Duration.ofMinutes(8));
      int generation = 1;
      boolean storeRestarted = false;
      while (countFinal(store, ids) < ids.size()) {
        assertThat(Instant.now()).as("every job final in time").isBefore(allowed);
        LockSupport.parkNanos(KILL_EVERY.toNanos());
        if (kills.size() >= MAX_KILLS || countFinal(store, ids) == ids.size()) {
          continue;
        }
        if (!storeRestarted) {
          // First, while most jobs are still to run: PostgreSQL stopped and started again under
          // load. No node is restarted for it.
          Instant down = Instant.now();
          pg.stop();
          pg.start();
          storeRestarted = true;
          System.out.printf(
              "cluster: PostgreSQL stopped and started again in %d ms%n",
              Duration.between(down, Instant.now()).toMillis());
          continue;
        }
        int victim = random.nextInt(NODES);
        Node dead = nodes[victim];
        dead.kill();
        Instant at = Instant.now();
        Map<String, Integer> held = running(store, dead.instance);
        System.out.printf("cluster: killed %s at %s holding %s%n", dead.instance, at, held);
        Kill k = new Kill(at, dead.instance, new CopyOnWriteArrayList<>());
        kills.add(k);
        held.forEach(
            (id, attempt) -> Thread.ofVirtual().start(() -> awaitReclaimed(store, id, attempt, k)));
        nodes[victim] = Node.start(victim, generation++, ports[victim], settings, logs, tag);
        instances.add(nodes[victim].instance);
        // One node down at a time: the next kill comes once the new one serves.
        nodes[victim].awaitReady(http, Duration.ofSeconds(180));
      }
      assertThat(storeRestarted).as("PostgreSQL restarted while jobs ran").isTrue();
      for (Node n : nodes) {
        n.awaitReady(http, Duration.ofSeconds(30));
      }
      loadOn.set(false);
      assertThat(sync.join(Duration.ofSeconds(120))).as("the synchronous sender ended").isTrue();

      try (Connection db = DriverManager.getConnection(store)) {
        for (String id : ids) {
          JobRow row = JobRow.read(db, id);
          assertThat(row.status()).as(id + " " + row.error()).isEqualTo("done");
          expected.get(id).check(JSON.readTree(row.result()));
          assertThat(doneAttempts(db, id))
              .as("attempts of " + id + " that ended done")
              .isEqualTo(1);
        }
        awaitCallbacks(db, ids, expected, deliveries);
      }
      report(kills, syncSent[0], syncFailures);
      assertThat(kills).as("nodes killed while jobs ran").isNotEmpty();
      assertThat(syncFailures.size())
          .as("synchronous runs failed (only one in flight on a killed node may): " + syncFailures)
          .isLessThanOrEqualTo(kills.size());
    } finally {
      for (Node n : nodes) {
        if (n != null) {
          n.stop();
        }
      }
      if (lb != null) {
        lb.destroy();
        lb.waitFor(30, TimeUnit.SECONDS);
      }
      receiver.stop(0);
      pg.close();
    }
    assertThat(leftContainers()).as("containers of the cluster's nodes left").isEmpty();
  }

  /** What a job must answer: a run's own line, or a judge's verdict. */
  record Expected(int index, String callbackUrl) {
    static Expected of(int index, String callbackUrl) {
      return new Expected(index, callbackUrl);
    }

    boolean judge() {
      return index % 5 == 4;
    }

    Map<String, Object> submission() {
      Map<String, Object> job = new HashMap<>();
      if (judge()) {
        job.put("kind", "judge");
        job.put(
            "request",
            Map.of(
                "image",
                "python",
                "files",
                Map.of("main.py", "a, b = map(int, input().split())\nprint(a + b)\n"),
                "tests",
                List.of(
                    Map.of("name", "t1", "stdin", "1 2\n", "expected_output", "3\n"),
                    Map.of(
                        "name",
                        "t2",
                        "stdin",
                        index + " 1\n",
                        "expected_output",
                        (index + 1) + "\n"),
                    Map.of("name", "t3", "stdin", "-5 5\n", "expected_output", "0\n"))));
      } else {
        job.put("kind", "run");
        job.put(
            "request",
            Map.of(
                "image", "bash",
                "files", Map.of("hello.sh", "echo job-" + index),
                "command", "bash hello.sh"));
      }
      if (callbackUrl != null) {
        job.put("callback_url", callbackUrl);
      }
      return job;
    }

    void check(JsonNode result) {
      if (judge()) {
        assertThat(result.get("verdict").asText()).as(result.toString()).isEqualTo("accepted");
        assertThat(result.get("tests").size()).isEqualTo(3);
      } else {
        assertThat(result.at("/stdout/content").asText())
            .as(result.toString())
            .isEqualTo("job-" + index + "\n");
      }
    }
  }

  /** A job's row in the store. */
  record JobRow(String status, int attempt, String result, String error) {
    static JobRow read(Connection db, String id) throws Exception {
      try (PreparedStatement s =
          db.prepareStatement(
              "SELECT status, attempt, result, error FROM runbox_job WHERE id = ?")) {
        s.setString(1, id);
        try (ResultSet r = s.executeQuery()) {
          assertThat(r.next()).as("job " + id + " stored").isTrue();
          return new JobRow(
              r.getString("status"),
              r.getInt("attempt"),
              r.getString("result"),
              r.getString("error"));
        }
      }
    }
  }

  /** A runbox node: a process of its own, as `runbox serve` on a loopback port. */
  static final class Node {
    final String instance;
    final Process process;
    final int port;

    private Node(String instance, Process process, int port) {
      this.instance = instance;
      this.process = process;
      this.port = port;
    }

    static Node start(
        int index, int generation, int port, List<String> settings, Path logs, String tag)
        throws IOException {
      String instance = tag + "-n" + index + "-g" + generation;
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  ProcessHandle.current().info().command().orElseThrow(),
                  "-Xmx256m",
                  "-XX:+UseSerialGC",
                  "-jar",
                  Path.of("target/runbox.jar").toAbsolutePath().toString(),
                  "serve",
                  "--set",
                  "port=" + port,
                  "--set",
                  "instance_id=" + instance));
      for (String s : settings) {
        cmd.add("--set");
        cmd.add(s);
      }
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(logs.resolve(instance + ".log").toFile())
              .start();
      return new Node(instance, p, port);
    }

    void awaitReady(HttpClient http, Duration timeout) {
      Instant until = Instant.now().plus(timeout);
      while (true) {
        assertThat(process.isAlive()).as(instance + " alive (see target/cluster)").isTrue();
        try {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
        assertThat(Instant.now()).as(instance + " ready").isBefore(until);
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      }
    }

    /** SIGKILL: no drain, no release, no clean-up. */
    void kill() throws InterruptedException {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private Process haproxy(int lbPort, int[] ports) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder("haproxy", "-f", "deploy/haproxy/haproxy.cfg", "-db")
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve(tag + "-haproxy.log").toFile());
    Map<String, String> env = pb.environment();
    env.put("RUNBOX_LB_BIND", "127.0.0.1:" + lbPort);
    for (int i = 0; i < ports.length; i++) {
      env.put("RUNBOX_NODE" + (i + 1), "127.0.0.1:" + ports[i]);
    }
    env.put("RUNBOX_NODE_MAXCONN", Integer.toString(MAX_RUNNING));
    try {
      return pb.start();
    } catch (IOException e) {
      throw new AssertionError(
          "haproxy must be installed (Debian's haproxy package; scripts/test.sh installs it)", e);
    }
  }

  private void awaitThroughBalancer(String base) throws InterruptedException {
    Instant until = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      assertThat(Instant.now()).as("HAProxy answering").isBefore(until);
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
  }

  private HttpResponse<String> post(String url, Object body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpServer receiver(Queue<Delivery> deliveries) throws IOException {
    HttpServer r = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    r.createContext(
        "/hook",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          String header = ex.getRequestHeaders().getFirst("Runbox-Signature");
          boolean signed =
              CallbackSignature.verify(header, body, SECRET, Instant.now(), Duration.ofMinutes(5))
                  == CallbackSignature.Verdict.VALID;
          deliveries.add(
              new Delivery(
                  ex.getRequestHeaders().getFirst("Runbox-Job-Id"),
                  Integer.parseInt(ex.getRequestHeaders().getFirst("Runbox-Attempt")),
                  signed));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    r.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    r.start();
    return r;
  }

  /** Pacing, not synchronisation: a client does not hammer a failure. */
  private static void pace() {
    LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int countFinal(String store, List<String> ids) throws Exception {
    try (Connection db = DriverManager.getConnection(store);
        PreparedStatement s =
            db.prepareStatement(
                "SELECT count(*) FROM runbox_job WHERE id = ANY (?)"
                    + " AND status IN ('done', 'failed', 'cancelled')")) {
      s.setArray(1, db.createArrayOf("text", ids.toArray()));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /** The jobs the instance held running, with their attempt. */
  private static Map<String, Integer> running(String store, String instance) throws Exception {
    Map<String, Integer> held = new HashMap<>();
    try (Connection db = DriverManager.getConnection(store);
        PreparedStatement s =
            db.prepareStatement(
                "SELECT id, attempt FROM runbox_job WHERE status = 'running' AND lease_owner = ?")) {
      s.setString(1, instance);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          held.put(r.getString(1), r.getInt(2));
        }
      }
    }
    return held;
  }

  /** Polls until the job is claimed again (a later attempt) or final; records how long it took. */
  private static void awaitReclaimed(String store, String id, int attempt, Kill k) {
    Instant until = k.at().plus(Duration.ofSeconds(120));
    try (Connection db = DriverManager.getConnection(store)) {
      while (Instant.now().isBefore(until)) {
        JobRow row = JobRow.read(db, id);
        if (row.attempt() > attempt || !row.status().equals("running")) {
          k.reclaimedMillis().add(Duration.between(k.at(), Instant.now()).toMillis());
          return;
        }
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
    } catch (Exception e) {
      // the job's final state is checked by the test itself
    }
  }

  private static int doneAttempts(Connection db, String id) throws Exception {
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT count(*) FROM runbox_attempt WHERE job_id = ? AND outcome = 'done'")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /**
   * Every job with a callback got at least one delivery, each signed and of the job's final attempt
   * (a duplicate is a re-delivery of the same result, recognisable by id and attempt).
   */
  private static void awaitCallbacks(
      Connection db, List<String> ids, Map<String, Expected> expected, Queue<Delivery> got)
      throws Exception {
    List<String> wanted =
        ids.stream().filter(id -> expected.get(id).callbackUrl() != null).toList();
    Instant until = Instant.now().plus(Duration.ofSeconds(90));
    while (!wanted.stream().allMatch(id -> got.stream().anyMatch(d -> id.equals(d.jobId())))) {
      assertThat(Instant.now())
          .as(
              "callbacks delivered: %d of %d",
              wanted.stream()
                  .filter(id -> got.stream().anyMatch(d -> id.equals(d.jobId())))
                  .count(),
              wanted.size())
          .isBefore(until);
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    for (Delivery d : got) {
      assertThat(d.signed()).as("delivery of " + d.jobId() + " signed").isTrue();
      assertThat(wanted).contains(d.jobId());
      assertThat(d.attempt())
          .as("delivery of " + d.jobId() + " is of its final attempt")
          .isEqualTo(JobRow.read(db, d.jobId()).attempt());
    }
    long duplicates = got.size() - wanted.size();
    System.out.printf(
        "cluster: %d callbacks delivered for %d jobs (%d duplicates)%n",
        got.size(), wanted.size(), duplicates);
  }

  private void report(List<Kill> kills, int syncSent, List<String> syncFailures)
      throws IOException {
    List<Long> all = new ArrayList<>();
    kills.forEach(k -> all.addAll(k.reclaimedMillis()));
    Collections.sort(all);
    String times =
        all.isEmpty()
            ? "no job was running on a killed node"
            : String.format(
                "p50 %d ms, max %d ms over %d jobs",
                all.get(all.size() / 2), all.get(all.size() - 1), all.size());
    String text =
        String.format(
            "cluster: %d nodes, %d jobs, %d kills; time from a kill to its jobs claimed again: %s;"
                + " synchronous runs through HAProxy: %d sent, %d failed%n",
            NODES, JOBS, kills.size(), times, syncSent, syncFailures.size());
    System.out.print(text);
    Files.writeString(logs.resolve("report.txt"), text);
  }

  /** After the nodes stopped: a reaper's round, then nothing of the cluster's instances is left. */
  private List<String> leftContainers() {
    try (Engine engine =
        Engine.connect(URI.create("unix:///var/run/docker.sock"), Duration.ofSeconds(30), 2)) {
      new Reaper(engine, Clock.systemUTC(), RunObserver.NONE).reapOnce();
      List<String> left = new ArrayList<>();
      for (Container c : engine.control().listContainersCmd().withShowAll(true).exec()) {
        String instance =
            c.getLabels() == null ? "" : c.getLabels().getOrDefault(Labels.INSTANCE, "");
        if (instance.startsWith(tag)) {
          left.add(c.getNames()[0] + " " + c.getState() + " " + instance);
        }
      }
      return left;
    }
  }
}
