import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A bounded soak: mixed benign and hostile runs at a fixed concurrency against a running service.
 * Each kind of run has the outcome it must get; anything else is an unexpected error. The hostile
 * kinds send the integration suite's programs (src/test/resources/hostile/programs), which end the
 * same way every time; run from the repository's root. Usage: java bench/Soak.java URL SERVICE_PID
 * RUNS CONCURRENCY
 */
public final class Soak {
  record Kind(String name, String body, List<String> expect) {}

  /**
   * The hostile programs of the integration suite (HostileServiceIT): each ends the same way every
   * time.
   */
  static final Path PROGRAMS = Path.of("src/test/resources/hostile/programs");

  static final List<Kind> KINDS =
      List.of(
          new Kind("print", run("tiny", "echo hello", 10), List.of("\"outcome\":\"completed\"")),
          new Kind(
              "python",
              run("python", "python3 -c 'print(6*7)'", 10),
              List.of("\"content\":\"42\\n\"")),
          // the main shell loops without forking once the bomb is lit, so a refused fork cannot end
          // the run early
          new Kind(
              "fork-bomb",
              program("fork-bomb.sh", "bash fork-bomb.sh", 2),
              List.of("\"exit_status\":124", "\"outcome\":\"timed_out\"")),
          new Kind(
              "memory-bomb",
              program("memory-bomb.py", "python3 memory-bomb.py", 10),
              List.of("\"exit_status\":137", "\"oom_killed\":true")),
          new Kind(
              "flood",
              run("tiny", "yes flood", 2),
              List.of("\"timed_out\":true", "\"truncated\":true")),
          new Kind(
              "sleep",
              program("sleep-forever.sh", "bash sleep-forever.sh", 1),
              List.of("\"exit_status\":124", "\"outcome\":\"timed_out\"")),
          new Kind(
              "daemon",
              program("double-fork.sh", "bash double-fork.sh", 10),
              List.of(
                  "\"exit_status\":0",
                  "\"timed_out\":false",
                  "\"content\":\"daemon started\\n\"")));

  /** The fields that tell how a run ended, without its (possibly long) output. */
  static String summary(String body) {
    StringBuilder b = new StringBuilder();
    for (String field :
        List.of("exit_status", "timed_out", "timeout", "oom_killed", "outcome", "wall_ms")) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"" + field + "\":(\"[^\"]*\"|[^,}]*)").matcher(body);
      if (m.find()) {
        b.append(field).append('=').append(m.group(1)).append(' ');
      }
    }
    return b.length() == 0 ? body.substring(0, Math.min(200, body.length())) : b.toString().trim();
  }

  static String run(String image, String command, int seconds) {
    return body(image, "a.txt", "x", command, seconds);
  }

  /** One of the suite's hostile programs on the tiny image (bash and python3). */
  static String program(String file, String command, int seconds) {
    try {
      return body("tiny", file, Files.readString(PROGRAMS.resolve(file)), command, seconds);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("run the soak from the repository's root", e);
    }
  }

  static String body(String image, String file, String content, String command, int seconds) {
    return "{\"image\":"
        + json(image)
        + ",\"files\":{"
        + json(file)
        + ":"
        + json(content)
        + "},\"command\":"
        + json(command)
        + ",\"limits\":{\"time_s\":"
        + seconds
        + "}}";
  }

  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return b.append('"').toString();
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    long pid = Long.parseLong(args[1]);
    int runs = Integer.parseInt(args[2]);
    int concurrency = Integer.parseInt(args[3]);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long rssStart = rss(pid);
    Map<String, Integer> unexpected = new ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicInteger examples =
        new java.util.concurrent.atomic.AtomicInteger();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<?>> all = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      Kind k = KINDS.get(i % KINDS.size());
      all.add(
          pool.submit(
              () -> {
                long s = System.nanoTime();
                try {
                  HttpResponse<String> r =
                      http.send(
                          HttpRequest.newBuilder(URI.create(url + "/v1/runs"))
                              .timeout(Duration.ofMinutes(2))
                              .header("Content-Type", "application/json")
                              .POST(HttpRequest.BodyPublishers.ofString(k.body()))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  if (r.statusCode() != 200 || !k.expect().stream().allMatch(r.body()::contains)) {
                    unexpected.merge(k.name() + " " + r.statusCode(), 1, Integer::sum);
                    if (examples.incrementAndGet() <= 5) {
                      System.err.println("soak: unexpected " + k.name() + ": " + summary(r.body()));
                    }
                  }
                } catch (Exception e) {
                  unexpected.merge(k.name() + " " + e.getClass().getSimpleName(), 1, Integer::sum);
                }
                latencies.add((System.nanoTime() - s) / 1_000_000);
              }));
    }
    for (Future<?> f : all) {
      f.get(30, TimeUnit.MINUTES);
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    String report =
        String.format(
            Locale.ROOT,
            "{\"runs\":%d,\"concurrency\":%d,\"seconds\":%.1f,\"unexpected\":%s,\"p50_ms\":%d,\"p95_ms\":%d,\"rss_mib_start\":%.1f,\"rss_mib_end\":%.1f}",
            runs,
            concurrency,
            seconds,
            new TreeMap<>(unexpected).toString().replace("=", ":"),
            sorted.get(sorted.size() / 2),
            sorted.get((int) (sorted.size() * 0.95)),
            rssStart / 1024.0,
            rss(pid) / 1024.0);
    System.out.println(report);
    Files.createDirectories(Path.of("bench-results"));
    Files.writeString(Path.of("bench-results/soak.json"), report + "\n");
  }

  static long rss(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
