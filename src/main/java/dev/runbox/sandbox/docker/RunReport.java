package dev.runbox.sandbox.docker;

import dev.runbox.core.SandboxResult;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run did, decided from what the sandbox observed: how the exec went, whether the container
 * still runs (and whether the OOM killer ended it), and the counters and files taken back. It calls
 * nothing; the sandbox does the observing, killing and taking back.
 */
final class RunReport {
  private static final Logger log = LoggerFactory.getLogger(RunReport.class);

  /**
   * 128 + SIGKILL: the status of a run killed with KILL, by the inner timer's kill-after or from
   * outside.
   */
  static final int KILLED = 137;

  /** The status {@code timeout} gives a command it ended with TERM. */
  static final int TIMED_OUT = 124;

  private final String runId;
  private final Duration limit;

  RunReport(String runId, Duration limit) {
    this.runId = runId;
    this.limit = limit;
  }

  /** The wrapper reported: its status, counters and files. */
  SandboxResult reported(Runner.Complete c) {
    return new SandboxResult(
        c.stdout(),
        c.stderr(),
        c.exitStatus(),
        innerTimeout(c.exitStatus(), c.wallMs()),
        c.stats().oomKills() > 0,
        c.files().files(),
        c.files().complete(),
        usage(c.wallMs(), c.stats()));
  }

  /**
   * The outer deadline passed. A container still running was killed from outside, and nothing is
   * taken back; one that had stopped died under the run.
   */
  SandboxResult cutOff(Runner.CutOff c, Optional<Containers.Stopped> stopped) {
    if (stopped.isPresent()) {
      return dead(c, stopped.get());
    }
    return new SandboxResult(
        c.stdout(),
        c.stderr(),
        KILLED,
        Timeout.OUTER,
        false,
        List.of(),
        false,
        unknownUsage(c.wallMs()));
  }

  /**
   * The whole container died under the run (under gVisor a memory or fork bomb ends the sandbox's
   * kernel): nothing is left to kill or take back.
   */
  SandboxResult dead(Runner.Ran.Output ran, Containers.Stopped stopped) {
    log.info("run {} ended its whole container (OOM-killed: {})", runId, stopped.oomKilled());
    return new SandboxResult(
        ran.stdout(),
        ran.stderr(),
        KILLED,
        innerTimeout(KILLED, ran.wallMs()),
        stopped.oomKilled(),
        List.of(),
        false,
        unknownUsage(ran.wallMs()));
  }

  /**
   * The wrapper left no report; what was left was killed, and the counters and files taken back
   * from outside.
   */
  SandboxResult fromOutside(Runner.NoTrailer n, Harvest.Taken taken) {
    CgroupStats stats = taken.stats();
    boolean oom = stats.oomKills() > 0;
    long leftovers = Math.max(stats.leftovers(), n.leftovers());
    if (leftovers > 0) {
      // Processes still alive after the wrapper's end mean the program killed the wrapper and its
      // inner timer. The service (or the container's first process) stopped them.
      log.info("run {} defeated its inner timer; {} processes killed after it", runId, leftovers);
      return new SandboxResult(
          n.stdout(),
          n.stderr(),
          KILLED,
          Timeout.OUTER,
          oom,
          taken.files(),
          taken.complete(),
          usage(n.wallMs(), stats));
    }
    return new SandboxResult(
        n.stdout(),
        n.stderr(),
        n.exitStatus(),
        innerTimeout(n.exitStatus(), n.wallMs()),
        oom,
        taken.files(),
        taken.complete(),
        usage(n.wallMs(), stats));
  }

  private Timeout innerTimeout(int exitStatus, long wallMs) {
    return innerTimeout(exitStatus, wallMs, limit);
  }

  /**
   * Whether the inner timer ended a command with this status after this long, under this limit.
   * 124: the command ended on TERM; 137: it ignored TERM and got the KILL one second later.
   */
  static Timeout innerTimeout(int exitStatus, long wallMs, Duration limit) {
    boolean innerFired = exitStatus == TIMED_OUT || exitStatus == KILLED;
    return innerFired && wallMs >= limit.toMillis() ? Timeout.INNER : Timeout.NONE;
  }

  private static Usage usage(long wallMs, CgroupStats stats) {
    return new Usage(wallMs, stats.cpuMs(), stats.memoryPeakBytes());
  }

  private static Usage unknownUsage(long wallMs) {
    return new Usage(wallMs, Usage.UNKNOWN, Usage.UNKNOWN);
  }
}
