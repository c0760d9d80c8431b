package dev.runbox.core.judge;

import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Test runs for the verdict tests: each starts as a clean exit and changes one thing. */
record Runs(
    int status,
    Timeout timeout,
    boolean oomKilled,
    String stdout,
    boolean cut,
    String stderr,
    long cpuMs,
    Optional<String> fault) {

  static Runs clean(String stdout) {
    return new Runs(0, Timeout.NONE, false, stdout, false, "", 10, Optional.empty());
  }

  Runs status(int s) {
    return new Runs(s, timeout, oomKilled, stdout, cut, stderr, cpuMs, fault);
  }

  Runs timeout(Timeout t) {
    return new Runs(status, t, oomKilled, stdout, cut, stderr, cpuMs, fault);
  }

  Runs oom() {
    return new Runs(status, timeout, true, stdout, cut, stderr, cpuMs, fault);
  }

  Runs truncated() {
    return new Runs(status, timeout, oomKilled, stdout, true, stderr, cpuMs, fault);
  }

  Runs stderr(String s) {
    return new Runs(status, timeout, oomKilled, stdout, cut, s, cpuMs, fault);
  }

  Runs cpuMs(long ms) {
    return new Runs(status, timeout, oomKilled, stdout, cut, stderr, ms, fault);
  }

  Runs fault(String why) {
    return new Runs(status, timeout, oomKilled, stdout, cut, stderr, cpuMs, Optional.of(why));
  }

  TestRun run() {
    return new TestRun(
        status,
        timeout,
        oomKilled,
        new CapturedBytes(stdout.getBytes(StandardCharsets.UTF_8), cut),
        new CapturedBytes(stderr.getBytes(StandardCharsets.UTF_8), false),
        new Usage(20, cpuMs, 1 << 20),
        fault);
  }
}
