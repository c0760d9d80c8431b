package dev.runbox.cli;

import dev.runbox.core.RunResult;
import dev.runbox.core.Usage;

/** The one-line account of a run printed after its output. */
final class Summary {
  private Summary() {}

  static String of(RunResult r) {
    StringBuilder b =
        new StringBuilder("runbox: ")
            .append(r.outcome().apiName())
            .append(" exit=")
            .append(r.exitStatus());
    if (r.timedOut()) {
      b.append(" TIMED OUT (").append(r.timeout().apiName()).append(" timer)");
    }
    if (r.oomKilled()) {
      b.append(" KILLED: out of memory");
    }
    if (r.stdout().truncated() || r.stderr().truncated()) {
      b.append(" output truncated");
    }
    b.append(" wall=").append(r.usage().wallMs()).append("ms");
    b.append(" cpu=").append(known(r.usage().cpuMs(), "ms"));
    b.append(" peak=")
        .append(
            r.usage().memoryPeakBytes() == Usage.UNKNOWN
                ? "?"
                : r.usage().memoryPeakBytes() / 1024 / 1024 + "MiB");
    r.files().created().keySet().forEach(f -> b.append("\n  created ").append(f));
    r.files().changed().keySet().forEach(f -> b.append("\n  changed ").append(f));
    r.files().deleted().forEach(f -> b.append("\n  deleted ").append(f));
    return b.toString();
  }

  private static String known(long v, String unit) {
    return v == Usage.UNKNOWN ? "?" : v + unit;
  }
}
