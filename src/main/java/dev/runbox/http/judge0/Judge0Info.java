package dev.runbox.http.judge0;

import dev.runbox.core.jobs.JobCounts;
import dev.runbox.core.jobs.JobService;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Judge0's read-only host routes in Judge0's shapes, with runbox's own values. */
final class Judge0Info {
  /**
   * {@code GET /license}: Judge0 answers its own license text; runbox answers what applies to it.
   */
  static final String LICENSE =
      "runbox is published without a license file: no license is stated for it.\n"
          + "This route has the shape of Judge0 CE's GET /license (text/plain); runbox contains"
          + " no code of Judge0 CE, which is licensed under the GNU GPL v3.\n";

  private Judge0Info() {}

  /**
   * {@code GET /system_info}: Judge0's flat string map (keys as {@code lscpu} and {@code free -h}
   * name them), describing the host that answers, as Judge0's describes its web host.
   */
  static Map<String, String> system() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Architecture", architecture(System.getProperty("os.arch", "unknown")));
    m.put("CPU(s)", Integer.toString(Runtime.getRuntime().availableProcessors()));
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      m.put("Mem", human(os.getTotalMemorySize()));
      m.put("Swap", human(os.getTotalSwapSpaceSize()));
    }
    return m;
  }

  /** The JVM's name for the architecture as {@code lscpu} names it. */
  static String architecture(String arch) {
    return switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> arch;
    };
  }

  /** A size as {@code free -h} writes it: 1024-based, {@code 7.7G}, {@code 15G}, {@code 512M}. */
  static String human(long bytes) {
    String units = "BKMGTPE";
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length() - 1) {
      v /= 1024;
      u++;
    }
    char unit = units.charAt(u);
    if (u == 0) {
      return bytes + "B";
    }
    return (v < 10 ? String.format(Locale.ROOT, "%.1f", v) : Long.toString(Math.round(v))) + unit;
  }

  /**
   * {@code GET /workers}: one entry for runbox's job queue, named as Judge0 names its queue (its
   * version). {@code size} counts the jobs waiting on every node; {@code available} is this node's
   * worker, working while any job runs; runbox does not pause workers, and a failed run is a
   * result, so {@code paused} and {@code failed} are 0. Without jobs there is no queue: {@code []}.
   */
  static List<Map<String, Object>> workers(Optional<JobService> jobs) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    JobCounts c = jobs.get().counts();
    int working = c.running() > 0 ? 1 : 0;
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("queue", Judge0Api.VERSION);
    q.put("size", c.queued());
    q.put("available", 1);
    q.put("idle", 1 - working);
    q.put("working", working);
    q.put("paused", 0);
    q.put("failed", 0);
    return List.of(q);
  }
}
