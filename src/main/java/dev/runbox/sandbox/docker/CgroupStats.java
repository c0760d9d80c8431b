package dev.runbox.sandbox.docker;

import dev.runbox.core.Usage;
import java.util.List;

/**
 * Reads the counters the wrapper prints from the container's own cgroup (v1 or v2): peak memory,
 * CPU time, OOM kills, and how many of the run's processes were still alive. They come from files
 * the program cannot write, read after every process of the run has been killed.
 */
record CgroupStats(long cpuMs, long memoryPeakBytes, long oomKills, long leftovers) {
  static CgroupStats parse(String text) {
    long cpu = Usage.UNKNOWN;
    long peak = Usage.UNKNOWN;
    long ooms = 0;
    long leftovers = 0;
    String file = "";
    for (String line : List.of(text.split("\n"))) {
      if (line.startsWith("## ")) {
        file = line.substring(3).trim();
        continue;
      }
      String[] kv = line.trim().split("\\s+");
      if (file.equals("leftovers")) {
        leftovers = number(kv[0], leftovers);
      } else if (file.endsWith("memory.max_usage_in_bytes") || file.endsWith("memory.peak")) {
        peak = number(kv[0], peak);
      } else if (file.endsWith("cpuacct.usage")) {
        cpu = scaled(kv[0], 1_000_000, cpu);
      } else if (file.endsWith("cpu.stat") && kv.length == 2 && kv[0].equals("usage_usec")) {
        cpu = scaled(kv[1], 1000, cpu);
      } else if ((file.endsWith("memory.oom_control") || file.endsWith("memory.events"))
          && kv.length == 2
          && kv[0].equals("oom_kill")) {
        ooms = number(kv[1], ooms);
      }
    }
    return new CgroupStats(cpu, peak, ooms, leftovers);
  }

  /**
   * A counter in a finer unit (ns, us) as milliseconds; {@code otherwise} when it does not parse.
   */
  private static long scaled(String s, long perMilli, long otherwise) {
    long v = number(s, -1);
    return v < 0 ? otherwise : v / perMilli;
  }

  private static long number(String s, long otherwise) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
