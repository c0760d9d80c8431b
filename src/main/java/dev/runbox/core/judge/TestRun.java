package dev.runbox.core.judge;

import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Signals;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import java.util.Optional;

/**
 * What the sandbox observed of one run of a test's program (or of the checker on one test).
 *
 * @param exitStatus the status it ended with; 128 + n when signal n ended it
 * @param timeout which timer, if any, stopped it
 * @param oomKilled true when the kernel killed it for using more memory than its limit
 * @param fault runbox's own failure during this run, if any (the compiled state could not be
 *     restored, the wrapper's report was lost): the program is not to blame, and nothing else
 *     observed is to be trusted
 */
public record TestRun(
    int exitStatus,
    Timeout timeout,
    boolean oomKilled,
    CapturedBytes stdout,
    CapturedBytes stderr,
    Usage usage,
    Optional<String> fault) {

  /** A run runbox observed without a fault of its own. */
  public TestRun(
      int exitStatus,
      Timeout timeout,
      boolean oomKilled,
      CapturedBytes stdout,
      CapturedBytes stderr,
      Usage usage) {
    this(exitStatus, timeout, oomKilled, stdout, stderr, usage, Optional.empty());
  }

  /** The signal its exit status reports, e.g. {@code SIGSEGV}; empty when none. */
  public Optional<String> signal() {
    return Signals.ofExitStatus(exitStatus);
  }
}
