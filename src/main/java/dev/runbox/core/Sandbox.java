package dev.runbox.core;

import java.time.Duration;

/**
 * The port to the isolation technology. An implementation runs a job in a fresh, isolated
 * environment, removes every trace of it, and reports what happened.
 */
public interface Sandbox {
  /**
   * Runs the job to completion or to its deadline.
   *
   * @throws SandboxUnavailableException when the infrastructure fails (never for what the program
   *     does)
   */
  SandboxResult run(SandboxJob job);

  /**
   * Runs the job as {@link #run(SandboxJob)} does, giving its output to {@code live} as it happens
   * and, for an interactive run, its stdin from {@code live} (the job's own stdin then goes
   * unused). A sandbox that cannot stream gives the whole output when the run ended, and no live
   * input.
   *
   * @throws SandboxUnavailableException when the infrastructure fails (never for what the program
   *     does)
   */
  default SandboxResult run(SandboxJob job, Live live) {
    SandboxResult r = run(job);
    emit(live.output(), LiveOutput.Stream.STDOUT, r.stdout());
    emit(live.output(), LiveOutput.Stream.STDERR, r.stderr());
    return r;
  }

  private static void emit(LiveOutput to, LiveOutput.Stream stream, CapturedBytes bytes) {
    if (bytes.size() > 0) {
      to.output(stream, bytes.bytes());
    }
    if (bytes.truncated()) {
      to.cut(stream);
    }
  }

  /**
   * Opens a sandbox for a sequence of steps in the image {@code imageRef}, each within {@code
   * limits} (the most any step may have), for at most {@code lifetime}: after that any reaper may
   * remove it.
   *
   * @throws SandboxUnavailableException when the infrastructure fails, or this sandbox cannot keep
   *     steps apart
   */
  SandboxSession open(String sessionId, String imageRef, Limits limits, Duration lifetime);

  /**
   * Stops at once whatever runs for {@code runId} (a run, or a session opened with that id) or for
   * a run derived from it (a session's checker, {@code runId-checker}), and refuses it any new
   * sandbox: what was running ends as a sandbox that died, and its result is to be ignored. A run
   * id that runs nothing now is remembered for a while, so that a run about to start is stopped
   * too.
   */
  void cancel(String runId);
}
