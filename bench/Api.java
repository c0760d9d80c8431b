import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbox.core.FileSet;
import dev.runbox.core.SandboxFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** runbox's HTTP API as a user calls it, and the service process's resident memory. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String url;
  private final long pid;
  private LeanHttp lean;

  Api(String url, long pid) {
    this.url = url;
    this.pid = pid;
  }

  long pid() {
    return pid;
  }

  /** One run through POST /v1/runs that must end (not time out); milliseconds to the answer. */
  long run(String json) throws Exception {
    return run(json, null);
  }

  /** As {@link #run(String)}; a non-null {@code outcome} must be the answer's outcome. */
  long run(String json, String outcome) throws Exception {
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
    check(r.statusCode(), r.body(), outcome);
    return ms;
  }

  /**
   * One run through POST /v1/runs on this Api's own kept-alive {@link LeanHttp} connection (one
   * caller at a time): the think time with no client library's cost; milliseconds to the answer.
   */
  synchronized long runLean(String json) throws Exception {
    if (lean == null) {
      lean = new LeanHttp(URI.create(url));
    }
    long t0 = System.nanoTime();
    LeanHttp.Answer a;
    try {
      a = lean.post("/v1/runs", json);
    } catch (java.io.IOException e) {
      lean.close();
      lean = null;
      throw e;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    check(a.status(), a.body(), null);
    return ms;
  }

  private static void check(int status, String body, String outcome) throws Exception {
    boolean ok =
        status == 200
            && !JSON.readTree(body).path("timed_out").asBoolean()
            && (outcome == null || JSON.readTree(body).path("outcome").asText().equals(outcome));
    if (!ok) {
      throw new IllegalStateException(
          "runbox answered " + status + ": " + body.substring(0, Math.min(300, body.length())));
    }
  }

  /** A request for the image's default command on these files. */
  static String request(String image, FileSet files) throws IOException {
    Map<String, String> base64 = new LinkedHashMap<>();
    List<String> executable = new ArrayList<>();
    for (SandboxFile f : files.files()) {
      base64.put(f.path(), Base64.getEncoder().encodeToString(f.content()));
      if (f.executable()) {
        executable.add(f.path());
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("image", image);
    body.put("files_base64", base64);
    if (!executable.isEmpty()) {
      body.put("executable", executable);
    }
    return JSON.writeValueAsString(body);
  }

  static String request(String image, Map<String, String> files, String command)
      throws IOException {
    return JSON.writeValueAsString(Map.of("image", image, "files", files, "command", command));
  }

  /**
   * The sums and counts of the service's phase timers, by {@code phase.sum} / {@code phase.count}.
   */
  Map<String, Double> phases() throws Exception {
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
      m.merge(x.group(2) + "." + x.group(1), Double.parseDouble(x.group(3)), Double::sum);
    }
    return m;
  }

  /** Mean milliseconds per phase between two readings of {@link #phases}. */
  static Map<String, Double> meanPhases(Map<String, Double> before, Map<String, Double> after) {
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

  /** The service's resident memory now, in KiB. */
  long rss() {
    return status("VmRSS:");
  }

  /** The kernel's high-water mark of the service's resident memory, in KiB. */
  long peakRss() {
    return status("VmHWM:");
  }

  private long status(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }
}
