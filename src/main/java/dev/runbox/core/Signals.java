package dev.runbox.core;

import java.util.Optional;

/**
 * Signal names for exit statuses: a shell reports a process killed by signal {@code n} as status
 * {@code 128 + n}. The numbers are Linux's (the same on x86-64 and arm64).
 */
public final class Signals {
  private static final String[] NAMES = {
    null,
    "SIGHUP",
    "SIGINT",
    "SIGQUIT",
    "SIGILL",
    "SIGTRAP",
    "SIGABRT",
    "SIGBUS",
    "SIGFPE",
    "SIGKILL",
    "SIGUSR1",
    "SIGSEGV",
    "SIGUSR2",
    "SIGPIPE",
    "SIGALRM",
    "SIGTERM",
    "SIGSTKFLT",
    "SIGCHLD",
    "SIGCONT",
    "SIGSTOP",
    "SIGTSTP",
    "SIGTTIN",
    "SIGTTOU",
    "SIGURG",
    "SIGXCPU",
    "SIGXFSZ",
    "SIGVTALRM",
    "SIGPROF",
    "SIGWINCH",
    "SIGIO",
    "SIGPWR",
    "SIGSYS"
  };

  /** The first and last real-time signals as glibc numbers them. */
  private static final int RT_MIN = 34;

  private static final int RT_MAX = 64;

  /** Status 128 + SIGXCPU: the kernel's answer to a process over its CPU time limit. */
  public static final int XCPU_STATUS = 128 + 24;

  private Signals() {}

  /** The names of the standard signals, 1 to 31 ({@code SIGHUP} to {@code SIGSYS}). */
  public static java.util.Set<String> standardNames() {
    return java.util.Set.of(java.util.Arrays.copyOfRange(NAMES, 1, NAMES.length));
  }

  /**
   * The name of the standard signal (1 to 31, no real-time one) that an exit status above 128
   * reports, e.g. 139 → {@code SIGSEGV}; empty otherwise.
   */
  public static Optional<String> standard(int status) {
    int n = status - 128;
    return n >= 1 && n < NAMES.length ? Optional.of(NAMES[n]) : Optional.empty();
  }

  /**
   * The name of the signal that an exit status above 128 reports, e.g. 139 → {@code SIGSEGV}; empty
   * for a status that reports no signal.
   */
  public static Optional<String> ofExitStatus(int status) {
    Optional<String> standard = standard(status);
    if (standard.isPresent()) {
      return standard;
    }
    int n = status - 128;
    if (n >= RT_MIN && n <= RT_MAX) {
      return Optional.of(n == RT_MIN ? "SIGRTMIN" : "SIGRTMIN+" + (n - RT_MIN));
    }
    return Optional.empty();
  }
}
