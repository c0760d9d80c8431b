package dev.runbox.sandbox.docker;

import dev.runbox.core.Deadlines;
import java.time.Duration;
import java.util.Optional;

/**
 * How the Docker sandbox runs containers; validated when built.
 *
 * @param runUid uid (and gid) the user's command runs as; never 0
 * @param idleUid uid of the container's idle main process; never 0 and never the run's
 * @param outerGrace added to the time limit for the service's own deadline
 * @param innerAllowance added to the time limit for the timer inside the container (0 in service;
 *     tests raise it)
 * @param instanceId identifies this service instance in container labels
 * @param runtime an OCI runtime other than the engine's default (e.g. runsc), or empty
 * @param maxFilesBack most files taken back from /sandbox
 * @param maxInodes inode cap of each tmpfs
 */
public record DockerSandboxSettings(
    int runUid,
    int idleUid,
    Duration outerGrace,
    Duration innerAllowance,
    String instanceId,
    Optional<String> runtime,
    int maxFilesBack,
    int maxInodes) {
  /**
   * The inode cap of each tmpfs (/sandbox, /tmp): enough for any exercise, far too few to exhaust
   * the host's.
   */
  public static final int MAX_INODES = 16384;

  public DockerSandboxSettings {
    if (runUid <= 0 || idleUid <= 0) {
      throw new IllegalArgumentException(
          "sandbox uids must not be root (0) or negative: run " + runUid + ", idle " + idleUid);
    }
    if (runUid == idleUid) {
      throw new IllegalArgumentException("the idle uid must differ from the run uid " + runUid);
    }
    if (outerGrace.isNegative() || outerGrace.isZero() || innerAllowance.isNegative()) {
      throw new IllegalArgumentException(
          "outer grace must be positive and inner allowance not negative");
    }
    if (instanceId.isBlank() || maxFilesBack < 1 || maxInodes < 64) {
      throw new IllegalArgumentException(
          "bad sandbox settings: instance '"
              + instanceId
              + "', files "
              + maxFilesBack
              + ", inodes "
              + maxInodes);
    }
  }

  /** The deadlines of a run with this time limit under these timers. */
  public Deadlines deadlines(Duration limit) {
    return new Deadlines(limit, outerGrace, innerAllowance);
  }

  /** The user (uid:gid) the run's command, and the wrapper around it, run as. */
  String runUser() {
    return runUid + ":" + runUid;
  }

  /** True when the runtime is gVisor's runsc (registered under a name starting with "runsc"). */
  boolean gvisor() {
    return runtime.filter(r -> r.startsWith("runsc")).isPresent();
  }
}
