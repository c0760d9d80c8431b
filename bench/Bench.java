import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * runbox against plain `docker run`, side by side in one run on one machine. Reports ratios, never
 * asserts on time. Usage: java bench/Bench.java URL SERVICE_PID OUT.json
 */
public final class Bench {
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static String url;
  static long servicePid;
  static final AtomicLong peakRss = new AtomicLong();
  static final List<String> failures = Collections.synchronizedList(new ArrayList<>());

  record Stats(
      String name, int concurrency, int n, double p50, double p95, double perSecond, int failed) {}

  public static void main(String[] args) throws Exception {
    url = args[0];
    servicePid = Long.parseLong(args[1]);
    Path out = Path.of(args[2]);
    Map<String, Object> report = new LinkedHashMap<>();
    long idleRss = rss();
    Thread sampler = Thread.ofPlatform().daemon().start(Bench::sampleRss);
    String trivial =
        "{\"image\":\"python\",\"files\":{\"main.py\":\"print(1)\"},\"command\":\"python3 main.py\"}";
    List<String> dockerTrivial =
        List.of(
            "docker",
            "run",
            "--rm",
            "--network",
            "none",
            "runbox/python:latest",
            "python3",
            "-c",
            "print(1)");
    for (int i = 0; i < 4; i++) {
      api(trivial);
      docker(dockerTrivial);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int c : new int[] {1, 4, 8, 16}) {
      int n = Math.max(16, c * 3);
      Map<String, Double> before = phases();
      Stats rb = level("runbox", c, n, () -> api(trivial));
      Map<String, Double> split = delta(before, phases());
      Stats dr = level("docker run", c, n, () -> docker(dockerTrivial));
      rows.add(row("trivial python print", rb, dr, split));
    }
    Path sample = Path.of("images/python/sample/green");
    String pytest = filesJson("python", sample, null);
    List<String> dockerPytest =
        List.of(
            "docker",
            "run",
            "--rm",
            "--network",
            "none",
            "-v",
            sample.toAbsolutePath() + ":/sandbox:ro",
            "-w",
            "/sandbox",
            "runbox/python:latest",
            "sh",
            "-c",
            "python3 -m pytest -q -p no:cacheprovider");
    rows.add(
        row(
            "pytest sample (green)",
            level("runbox", 1, 12, () -> api(pytest)),
            level("docker run", 1, 12, () -> docker(dockerPytest)),
            Map.of()));
    report.put("latency_and_throughput", rows);
    report.put("request_size", sizes());
    sampler.interrupt();
    report.put(
        "service_rss_mib",
        Map.of(
            "idle",
            idleRss / 1024.0,
            "under_load_peak",
            Math.max(peakRss.get(), peakRss()) / 1024.0));
    report.put("failures", failures);
    String json = toJson(report);
    Files.createDirectories(out.getParent());
    Files.writeString(out, json + "\n");
    System.out.println(table(rows, report));
  }

  static Map<String, Object> row(String what, Stats rb, Stats dr, Map<String, Double> split) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("what", what);
    m.put("concurrency", rb.concurrency());
    m.put("requests", rb.n());
    m.put("runbox_p50_ms", rb.p50());
    m.put("runbox_p95_ms", rb.p95());
    m.put("runbox_per_s", rb.perSecond());
    m.put("docker_p50_ms", dr.p50());
    m.put("docker_p95_ms", dr.p95());
    m.put("docker_per_s", dr.perSecond());
    m.put("p50_ratio", rb.p50() / dr.p50());
    m.put("throughput_ratio", rb.perSecond() / dr.perSecond());
    m.put("runbox_failed", rb.failed());
    m.put("docker_failed", dr.failed());
    m.put("phase_mean_ms", split);
    return m;
  }

  static List<Map<String, Object>> sizes() throws Exception {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int files : new int[] {1, 100, 1000}) {
      int each = 5 * 1024 * 1024 / files;
      StringBuilder b =
          new StringBuilder("{\"image\":\"python\",\"command\":\"ls | wc -l\",\"files\":{");
      String content = "x".repeat(each);
      for (int i = 0; i < files; i++) {
        b.append(i == 0 ? "" : ",")
            .append("\"d/f")
            .append(i)
            .append(".txt\":\"")
            .append(content)
            .append('"');
      }
      b.append("}}");
      Stats s = level(files + " files", 1, 8, () -> api(b.toString()));
      out.add(
          new LinkedHashMap<>(
              Map.of(
                  "files",
                  files,
                  "total_bytes",
                  (long) each * files,
                  "p50_ms",
                  s.p50(),
                  "p95_ms",
                  s.p95())));
    }
    double base = ((Number) out.get(0).get("p50_ms")).doubleValue();
    out.forEach(m -> m.put("ratio_to_1_file", ((Number) m.get("p50_ms")).doubleValue() / base));
    return out;
  }

  static Stats level(String name, int c, int n, Callable<Long> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(c);
    long t0 = System.nanoTime();
    List<Future<Long>> fs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      fs.add(pool.submit(task));
    }
    List<Long> ms = new ArrayList<>();
    int failed = 0;
    for (Future<Long> f : fs) {
      try {
        ms.add(f.get(10, TimeUnit.MINUTES));
      } catch (Exception e) {
        failed++;
        failures.add(name + ": " + e.getMessage());
      }
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    Collections.sort(ms);
    System.err.printf(
        Locale.ROOT,
        "%-12s c=%-2d n=%-3d p50=%s%n",
        name,
        c,
        n,
        ms.isEmpty() ? "-" : ms.get(ms.size() / 2));
    return new Stats(name, c, n, pct(ms, 0.5), pct(ms, 0.95), ms.size() / elapsed, failed);
  }

  static double pct(List<Long> sorted, double p) {
    return sorted.isEmpty()
        ? Double.NaN
        : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  static long api(String json) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url + "/v1/runs"))
                .timeout(Duration.ofMinutes(3))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (r.statusCode() != 200 || r.body().contains("\"timed_out\":true")) {
      throw new IllegalStateException(
          "runbox answered "
              + r.statusCode()
              + ": "
              + r.body().substring(0, Math.min(200, r.body().length())));
    }
    return ms;
  }

  static long docker(List<String> argv) throws Exception {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("docker run failed: " + new String(out));
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  static String filesJson(String image, Path dir, String command) throws IOException {
    StringBuilder b = new StringBuilder("{\"image\":\"" + image + "\",\"files\":{");
    try (var s = Files.list(dir)) {
      boolean first = true;
      for (Path f : s.sorted().toList()) {
        b.append(first ? "" : ",")
            .append(quote(f.getFileName().toString()))
            .append(':')
            .append(quote(Files.readString(f)));
        first = false;
      }
    }
    return b.append("}}").toString();
  }

  static Map<String, Double> phases() throws Exception {
    String text =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, Double> m = new LinkedHashMap<>();
    Matcher x =
        Pattern.compile(
                "runbox_run_phase_seconds_(sum|count)\\{phase=\"([a-z+-]+)\"[^}]*\\} ([0-9.eE+-]+)")
            .matcher(text);
    while (x.find()) {
      m.put(x.group(2) + "." + x.group(1), Double.parseDouble(x.group(3)));
    }
    return m;
  }

  static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> mean = new LinkedHashMap<>();
    for (String k : after.keySet()) {
      if (k.endsWith(".sum")) {
        String phase = k.substring(0, k.length() - 4);
        double n =
            after.getOrDefault(phase + ".count", 0.0) - before.getOrDefault(phase + ".count", 0.0);
        double s = after.get(k) - before.getOrDefault(k, 0.0);
        if (n > 0) {
          mean.put(phase, Math.round(s / n * 1000 * 10) / 10.0);
        }
      }
    }
    return mean;
  }

  static long rss() {
    return status("VmRSS:");
  }

  /** The kernel's high-water mark of the service's resident memory, in KiB. */
  static long peakRss() {
    return status("VmHWM:");
  }

  static long status(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + servicePid + "/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  static void sampleRss() {
    while (!Thread.currentThread().isInterrupted()) {
      peakRss.accumulateAndGet(rss(), Math::max);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return b.append('"').toString();
  }

  @SuppressWarnings("unchecked")
  static String toJson(Object o) {
    if (o instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      ((Map<String, Object>) m).forEach((k, v) -> parts.add(quote(k) + ":" + toJson(v)));
      return "{" + String.join(",", parts) + "}";
    }
    if (o instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      l.forEach(v -> parts.add(toJson(v)));
      return "[" + String.join(",", parts) + "]";
    }
    if (o instanceof Double d) {
      return d.isNaN() ? "null" : String.format(Locale.ROOT, "%.3f", d);
    }
    if (o instanceof Number n) {
      return n.toString();
    }
    return quote(String.valueOf(o));
  }

  @SuppressWarnings("unchecked")
  static String table(List<Map<String, Object>> rows, Map<String, Object> report) {
    StringBuilder b = new StringBuilder();
    b.append(
        "| what | c | runbox p50 / p95 ms | docker run p50 / p95 ms | p50 ratio | runbox / docker runs/s | throughput ratio | failed |\n");
    b.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Map<String, Object> r : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.0f / %.0f | %.0f / %.0f | %.2f | %.2f / %.2f | %.2f | %d / %d |%n",
              r.get("what"),
              r.get("concurrency"),
              r.get("runbox_p50_ms"),
              r.get("runbox_p95_ms"),
              r.get("docker_p50_ms"),
              r.get("docker_p95_ms"),
              r.get("p50_ratio"),
              r.get("runbox_per_s"),
              r.get("docker_per_s"),
              r.get("throughput_ratio"),
              r.get("runbox_failed"),
              r.get("docker_failed")));
    }
    b.append("\nPhase split (mean ms per run, runbox):\n\n| c | phases |\n| --- | --- |\n");
    for (Map<String, Object> r : rows) {
      b.append("| ")
          .append(r.get("concurrency"))
          .append(" (")
          .append(r.get("what"))
          .append(") | ")
          .append(r.get("phase_mean_ms"))
          .append(" |\n");
    }
    b.append(
        "\nRequest size (runbox, c=1):\n\n| files | bytes | p50 ms | p95 ms | ratio to 1 file |\n| --- | --- | --- | --- | --- |\n");
    for (Map<String, Object> s : (List<Map<String, Object>>) report.get("request_size")) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.0f | %.0f | %.2f |%n",
              s.get("files"),
              s.get("total_bytes"),
              s.get("p50_ms"),
              s.get("p95_ms"),
              s.get("ratio_to_1_file")));
    }
    b.append("\nService resident memory (MiB): ")
        .append(report.get("service_rss_mib"))
        .append('\n');
    b.append("Failures: ").append(((List<?>) report.get("failures")).size()).append('\n');
    return b.toString();
  }
}
