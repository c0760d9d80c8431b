package dev.runbox.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One run in a {@link SandboxSession}: files put into an emptied /sandbox, a command run with its
 * arguments (as data, never parsed by a shell) and its stdin, under its own limits.
 *
 * @param command the command line run by {@code /bin/sh -c} in /sandbox, its arguments after it
 * @param limits the step's limits: at most the session's in every limit the container fixes (see
 *     {@link SandboxSession})
 * @param cpuTime the CPU time the command may use; empty for none but the wall clock
 */
public record SessionStep(
    FileSet files,
    String command,
    List<String> args,
    byte[] stdin,
    Limits limits,
    Optional<Duration> cpuTime) {
  public SessionStep {
    args = List.copyOf(args);
    stdin = stdin.clone();
  }

  @Override
  public byte[] stdin() {
    return stdin.clone();
  }

  /** Its CPU time limit in whole seconds, rounded up (the kernel's RLIMIT_CPU); 0 for none. */
  public long cpuSeconds() {
    return cpuTime.map(d -> (d.toMillis() + 999) / 1000).orElse(0L);
  }
}
