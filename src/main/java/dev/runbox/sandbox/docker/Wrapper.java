package dev.runbox.sandbox.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The in-container wrapper, {@code wrapper.sh} beside this class: loaded once, passed to a shell's
 * {@code -c} without its comment lines, its mode and arguments in argv. The script explains why
 * nothing of the run can forge its report.
 */
final class Wrapper {
  /**
   * Installed by scripts/base-image.sh with mode 0111 (execute, no read): the wrapper is not
   * dumpable.
   */
  static final String RUNNER_SHELL = "/usr/lib/runbox/sh";

  static final String PLAIN_SHELL = "/bin/sh";
  static final String RESOURCE = "wrapper.sh";

  /**
   * The script without comment and blank lines: it is the wrapper's argv, which every process of
   * the run may read in /proc (nothing in it is secret), so it stays short.
   */
  static final String SCRIPT = withoutComments(resource());

  private Wrapper() {}

  /**
   * The whole run: marker, files, home files and stdin come on the exec's stdin in that order.
   *
   * @param shell {@link #RUNNER_SHELL}, or {@link #PLAIN_SHELL} where the runner shell cannot work
   * @param homeTarBytes 0 when the run has no home files
   */
  static List<String> report(
      String shell,
      Duration inner,
      String command,
      int stdinBytes,
      int tarBytes,
      int homeTarBytes) {
    return List.of(
        shell,
        "-c",
        SCRIPT,
        "runbox",
        "report",
        Long.toString(inner.toSeconds()),
        command,
        Integer.toString(stdinBytes),
        Integer.toString(tarBytes),
        Integer.toString(homeTarBytes));
  }

  /**
   * After a run that left no report: kill what is left, counters on stderr, /sandbox as a tar on
   * stdout.
   */
  static List<String> outside() {
    return List.of(PLAIN_SHELL, "-c", SCRIPT, "runbox", "outside");
  }

  /** The script as written, comments and all. */
  static String resource() {
    try (InputStream in = Wrapper.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is missing from the classpath beside " + Wrapper.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + " from the classpath", e);
    }
  }

  /**
   * Drops the lines that hold only a comment (the script has no here-documents) and blank lines.
   */
  static String withoutComments(String script) {
    return script
        .lines()
        .filter(l -> !l.isBlank() && !l.stripLeading().startsWith("#"))
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
