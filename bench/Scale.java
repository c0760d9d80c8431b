import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbox.app.Runbox;
import dev.runbox.app.Wiring;
import dev.runbox.config.ConfigLoader;
import dev.runbox.core.Readiness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Scaling out: several runbox nodes in this JVM, each on its own loopback port with its own
 * instance id, all on one PostgreSQL job store. Jobs go in through {@code POST /v1/jobs/batch},
 * spread over the nodes; the clock stops when the store holds them all ended. First with {@link
 * StandInSandbox} (a fixed 200 ms, no CPU) at 1, 2, 3 and 6 nodes, with the statements each job
 * costs the database (pg_stat_statements); then with the real Docker sandbox running {@code sleep
 * 2} at 1, 2 and 3 nodes, all on this machine's one engine. Usage (see scripts/bench.sh): Scale
 * JDBC_URL OUT.json; RUNBOX_BENCH_QUICK=1 submits fewer jobs. Reports; never asserts on time.
 */
public final class Scale implements AutoCloseable {
  static final int MAX_RUNNING = 4;
  static final String MARK = "/* scale-bench */ ";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Nodes not closed yet: a shutdown hook closes them (their containers go with them). */
  static final java.util.Set<Node> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  record Level(
      String sandbox,
      int nodes,
      int jobs,
      int done,
      double seconds,
      double jobsPerSecond,
      double idealJobsPerSecond,
      double ofIdeal,
      double efficiencyVsLinear,
      int fewestPerNode,
      int mostPerNode,
      Double statementsPerJob,
      Double idleStatementsPerSecond,
      Double transactionsPerJob) {}

  record Top(double callsPerJob, String statement) {}

  record Results(
      String date,
      int processors,
      int maxRunningPerNode,
      long standInMs,
      List<Level> standIn,
      List<Top> statementsOfOneNode,
      List<Level> containers,
      List<String> notes) {}

  private final String jdbcUrl;
  private final Connection db;
  private final boolean statements;
  private int ownTransactions;

  Scale(String jdbcUrl) throws SQLException {
    this.jdbcUrl = jdbcUrl;
    this.db = DriverManager.getConnection(jdbcUrl);
    this.statements = enableStatements();
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path out = Path.of(args[1]);
    boolean quick = "1".equals(System.getenv("RUNBOX_BENCH_QUICK"));
    int standInJobs = quick ? 200 : 600;
    int containerJobs = quick ? 24 : 48;
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(Node::close), "scale-stop"));
    Results results;
    try (Scale s = new Scale(url)) {
      results = s.run(standInJobs, containerJobs);
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(
        out,
        JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build()
                .writeValueAsString(results)
            + "\n");
    System.out.println(table(results));
  }

  Results run(int standInJobs, int containerJobs) throws Exception {
    List<String> notes = new ArrayList<>();
    if (!statements) {
      notes.add("pg_stat_statements unavailable: statements per job not measured");
    }
    // A warm-up on one node, so that the first level does not pay for the JIT alone.
    level("stand-in", 1, 100, true, null);
    List<Level> standIn = new ArrayList<>();
    List<Top> top = new ArrayList<>();
    for (int n : List.of(1, 2, 3, 6)) {
      standIn.add(level("stand-in", n, standInJobs, true, n == 1 ? top : null));
    }
    List<Level> containers = new ArrayList<>();
    for (int n : List.of(1, 2, 3)) {
      containers.add(level("docker", n, containerJobs, false, null));
    }
    notes.add(
        "statements/job: every statement the nodes sent while the jobs ran (pg_stat_statements;"
            + " BEGIN counted, COMMIT not), their rounds and the submits included, over the jobs;"
            + " transactions/job: the database's committed transactions (pg_stat_database) over"
            + " the jobs; idle statements/s: all nodes together with no job to run");
    notes.add(
        "every node runs in one JVM on this machine and shares its "
            + Runtime.getRuntime().availableProcessors()
            + " processors; the docker levels also share its one engine, so they are bounded by"
            + " them, not by runbox");
    return new Results(
        LocalDate.now().toString(),
        Runtime.getRuntime().availableProcessors(),
        MAX_RUNNING,
        StandInSandbox.TAKES.toMillis(),
        withEfficiency(standIn),
        top,
        withEfficiency(containers),
        notes);
  }

  /** Efficiency vs linear: throughput at n nodes over n times the throughput of one. */
  private static List<Level> withEfficiency(List<Level> levels) {
    double one = levels.get(0).jobsPerSecond();
    return levels.stream()
        .map(
            l ->
                new Level(
                    l.sandbox(),
                    l.nodes(),
                    l.jobs(),
                    l.done(),
                    l.seconds(),
                    l.jobsPerSecond(),
                    l.idealJobsPerSecond(),
                    l.ofIdeal(),
                    l.jobsPerSecond() / (l.nodes() * one),
                    l.fewestPerNode(),
                    l.mostPerNode(),
                    l.statementsPerJob(),
                    l.idleStatementsPerSecond(),
                    l.transactionsPerJob()))
        .toList();
  }

  /** {@code jobs} jobs through {@code n} fresh nodes on an emptied store. */
  private Level level(String sandbox, int n, int jobs, boolean standIn, List<Top> top)
      throws Exception {
    execute(
        "DO $$ BEGIN IF to_regclass('runbox_job') IS NOT NULL THEN"
            + " TRUNCATE runbox_job, runbox_attempt; END IF; END $$");
    List<Node> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        nodes.add(Node.start(jdbcUrl, sandbox + "-" + n + "-" + i, standIn));
      }
      String command = standIn ? "true" : "sleep 2";
      double runSeconds = standIn ? StandInSandbox.TAKES.toMillis() / 1000.0 : 2.0;
      Double idle = null;
      if (statements) {
        resetStatements();
        Thread.sleep(3000);
        idle = statementCalls() / 3.0;
      }
      if (standIn) {
        System.err.printf("scale: %s, %d node(s), %d jobs%n", sandbox, n, jobs);
      }
      resetStatements();
      long xact0 = transactions();
      int own0 = ownTransactions;
      long t0 = System.nanoTime();
      submit(nodes, jobs, command);
      double ideal = n * MAX_RUNNING / runSeconds;
      Duration bound = Duration.ofSeconds((long) (jobs / ideal * 10) + 120);
      int ended = awaitEnded(jobs, bound);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long calls = statements ? statementCalls() : 0;
      long xact = transactions() - xact0 - (ownTransactions - own0);
      if (top != null && statements) {
        top.addAll(topStatements(jobs));
      }
      Map<String, Integer> status = countBy("status");
      Map<String, Integer> perNode = countBy("node");
      int done = status.getOrDefault("done", 0);
      if (ended < jobs || done < jobs) {
        System.err.printf(
            "scale: %s at %d node(s): %d of %d jobs done within %s (%s)%n",
            sandbox, n, done, jobs, bound, status);
      }
      List<Integer> spread =
          nodes.stream().map(x -> perNode.getOrDefault(x.id(), 0)).sorted().toList();
      double perSecond = done / seconds;
      return new Level(
          sandbox,
          n,
          jobs,
          done,
          seconds,
          perSecond,
          ideal,
          perSecond / ideal,
          Double.NaN,
          spread.get(0),
          spread.get(spread.size() - 1),
          statements ? (double) calls / jobs : null,
          idle,
          (double) xact / jobs);
    } finally {
      for (Node node : nodes) {
        node.close();
      }
    }
  }

  /** Batches of 100, round robin over the nodes. */
  private static void submit(List<Node> nodes, int jobs, String command) throws Exception {
    int sent = 0;
    for (int b = 0; sent < jobs; b++) {
      int size = Math.min(100, jobs - sent);
      ObjectNode body = JSON.createObjectNode();
      ArrayNode list = body.putArray("jobs");
      for (int i = 0; i < size; i++) {
        ObjectNode job = list.addObject();
        job.put("kind", "run");
        job.putObject("request").put("image", "tiny").put("command", command);
      }
      Node node = nodes.get(b % nodes.size());
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + node.port() + "/v1/jobs/batch"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202) {
        throw new IllegalStateException("batch answered " + r.statusCode() + ": " + r.body());
      }
      sent += size;
    }
  }

  /** Jobs ended (done, failed or cancelled) once all have or {@code bound} passed. */
  private int awaitEnded(int jobs, Duration bound) throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      int ended =
          (int)
              query(
                  "SELECT count(*) FROM runbox_job"
                      + " WHERE status IN ('done', 'failed', 'cancelled')");
      if (ended >= jobs || System.nanoTime() > deadline) {
        return ended;
      }
      Thread.sleep(20);
    }
  }

  private Map<String, Integer> countBy(String column) throws SQLException {
    Map<String, Integer> out = new HashMap<>();
    ownTransactions++;
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                MARK + "SELECT " + column + ", count(*) FROM runbox_job GROUP BY " + column)) {
      while (r.next()) {
        out.put(String.valueOf(r.getString(1)), r.getInt(2));
      }
    }
    return out;
  }

  /** pg_stat_statements, when the cluster preloads it (scripts/postgres.sh start DIR stats). */
  private boolean enableStatements() {
    try {
      execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      query("SELECT 0 FROM (SELECT pg_stat_statements_reset()) r");
      return true;
    } catch (SQLException e) {
      System.err.println("scale: no pg_stat_statements (" + e.getMessage().strip() + ")");
      return false;
    }
  }

  private void resetStatements() throws SQLException {
    if (statements) {
      query("SELECT 0 FROM (SELECT pg_stat_statements_reset()) r");
    }
  }

  /** Statements the nodes ran since the last reset (this benchmark's own are marked). */
  private long statementCalls() throws SQLException {
    return query(
        "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements"
            + " WHERE query NOT LIKE '%scale-bench%'");
  }

  /** Committed transactions of the database (flushed by each backend at least every second). */
  private long transactions() throws SQLException {
    return query("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
  }

  private List<Top> topStatements(int jobs) throws SQLException {
    List<Top> out = new ArrayList<>();
    ownTransactions++;
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                MARK
                    + "SELECT calls, query FROM pg_stat_statements"
                    + " WHERE query NOT LIKE '%scale-bench%' ORDER BY calls DESC LIMIT 12")) {
      while (r.next()) {
        String q = r.getString(2).replaceAll("\\s+", " ").strip();
        out.add(
            new Top(
                (double) r.getLong(1) / jobs, q.length() > 110 ? q.substring(0, 110) + "…" : q));
      }
    }
    return out;
  }

  private long query(String sql) throws SQLException {
    ownTransactions++;
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery(MARK + sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private void execute(String sql) throws SQLException {
    ownTransactions++;
    try (Statement s = db.createStatement()) {
      s.execute(MARK + sql);
    }
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }

  /** One node in this JVM: its own port, instance id and data folder; the shared store. */
  record Node(String id, Runbox runbox, Path data) implements AutoCloseable {
    static Node start(String jdbcUrl, String id, boolean standIn) throws IOException {
      Path data = Files.createTempDirectory("runbox-scale-");
      Map<String, String> flags = new HashMap<>();
      flags.put("port", "0");
      flags.put("instance_id", id);
      flags.put("data_dir", data.toString());
      flags.put("jobs_url", jdbcUrl);
      flags.put("max_running", String.valueOf(MAX_RUNNING));
      flags.put("pool_images", "tiny");
      Wiring wiring =
          Wiring.of(ConfigLoader.load(Optional.empty(), System.getenv(), flags))
              .catalog(Path.of("images"))
              .withoutReaper();
      if (standIn) {
        wiring.sandbox(new StandInSandbox()).readiness(Readiness.READY);
      }
      try {
        Node node = new Node(id, wiring.service().start(), data);
        LIVE.add(node);
        return node;
      } catch (RuntimeException e) {
        delete(data);
        throw e;
      }
    }

    int port() {
      return runbox.port();
    }

    @Override
    public void close() {
      if (!LIVE.remove(this)) {
        return;
      }
      try {
        runbox.close();
      } finally {
        delete(data);
      }
    }

    private static void delete(Path dir) {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.err.println("scale: cannot remove " + dir + ": " + e);
      }
    }
  }

  static String table(Results r) {
    StringBuilder b = new StringBuilder();
    b.append(
        f(
            "\nScaling with a stand-in sandbox (%d ms, no CPU), max_running=%d per node, one"
                + " PostgreSQL:\n\n",
            r.standInMs(), r.maxRunningPerNode()));
    b.append(
        "| nodes | jobs | jobs/s | ideal jobs/s | of ideal | efficiency vs linear | jobs per node"
            + " | statements/job | transactions/job | idle statements/s |\n");
    b.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Level l : r.standIn()) {
      b.append(
          f(
              "| %d | %d/%d | %.1f | %.0f | %.0f%% | %.0f%% | %d–%d | %s | %.1f | %s |\n",
              l.nodes(),
              l.done(),
              l.jobs(),
              l.jobsPerSecond(),
              l.idealJobsPerSecond(),
              100 * l.ofIdeal(),
              100 * l.efficiencyVsLinear(),
              l.fewestPerNode(),
              l.mostPerNode(),
              opt(l.statementsPerJob()),
              l.transactionsPerJob(),
              opt(l.idleStatementsPerSecond())));
    }
    if (!r.statementsOfOneNode().isEmpty()) {
      b.append("\nThe statements of one node, per job (pg_stat_statements):\n\n");
      b.append("| per job | statement |\n| --- | --- |\n");
      for (Top t : r.statementsOfOneNode()) {
        b.append(f("| %.2f | `%s` |\n", t.callsPerJob(), t.statement().replace("|", "\\|")));
      }
    }
    b.append(
        f(
            "\nScaling with real containers (`sleep 2` on image tiny), max_running=%d per node, one"
                + " engine and %d processors shared by every node:\n\n",
            r.maxRunningPerNode(), r.processors()));
    b.append(
        "| nodes | jobs | jobs/s | ideal jobs/s | of ideal | efficiency vs linear | jobs per node"
            + " |\n| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Level l : r.containers()) {
      b.append(
          f(
              "| %d | %d/%d | %.2f | %.0f | %.0f%% | %.0f%% | %d–%d |\n",
              l.nodes(),
              l.done(),
              l.jobs(),
              l.jobsPerSecond(),
              l.idealJobsPerSecond(),
              100 * l.ofIdeal(),
              100 * l.efficiencyVsLinear(),
              l.fewestPerNode(),
              l.mostPerNode()));
    }
    for (String note : r.notes()) {
      b.append("\nNote: ").append(note).append('\n');
    }
    return b.toString();
  }

  private static String opt(Double d) {
    return d == null ? "–" : f("%.1f", d);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
