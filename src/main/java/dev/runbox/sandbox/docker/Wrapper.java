package dev.runbox.sandbox.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
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
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The script without comment and blank lines: it is the wrapper's argv, which every process of
   * the run may read in /proc (nothing in it is secret), so it stays short.
   */
  static final String SCRIPT = withoutComments(resource());

  private Wrapper() {}

  /**
   * The whole run, waiting for its request on stdin ({@link #request}): the same argv for every
   * run, so that it can be started before the run is known.
   *
   * @param shell {@link #RUNNER_SHELL}, or {@link #PLAIN_SHELL} where the runner shell cannot work
   */
  static List<String> report(String shell) {
    return List.of(shell, "-c", SCRIPT, "runbox", "report");
  }

  /**
   * Report mode as a warm container's own first process, reading the container's stdin: the same
   * argv for every container, so that it can be the container's command.
   */
  static List<String> init() {
    return List.of(RUNNER_SHELL, "-c", SCRIPT, "runbox", "init");
  }

  /** A judge's session: steps one after the other, under the runner shell. */
  static List<String> serve() {
    return List.of(RUNNER_SHELL, "-c", SCRIPT, "runbox", "serve");
  }

  /**
   * One step of a serve-mode session, up to its files: the marker line, the line of limits and byte
   * counts, and the text (the command and each argument, each followed by a separator none of them
   * contains). The base files' tar, the step's own files' tar and the stdin follow it.
   *
   * @param back whether the wrapper sends /sandbox back as a tar after the step
   */
  static byte[] step(
      byte[] markerLine,
      Duration inner,
      long cpuSeconds,
      String command,
      List<String> args,
      int stdinBytes,
      int baseBytes,
      int tarBytes,
      boolean back) {
    return head(
        markerLine,
        List.of(inner.toSeconds(), cpuSeconds, stdinBytes, baseBytes, tarBytes, back ? 1 : 0),
        command,
        args);
  }

  /** The stdin byte count of a report-mode request whose stdin is live ({@link LiveFrames}). */
  static final int LIVE_STDIN = -1;

  /** The byte report and init modes print before the marker line: ASCII's record separator. */
  static final byte TRAILER_START = 036;

  /**
   * What report and init modes print to start their trailer: {@link #TRAILER_START} and the marker
   * line. A prompt seldom ends with that byte, so output that waits for input is not held back as a
   * possible start of the marker.
   */
  static byte[] trailerMarker(byte[] markerLine) {
    byte[] m = new byte[markerLine.length + 1];
    m[0] = TRAILER_START;
    System.arraycopy(markerLine, 0, m, 1, markerLine.length);
    return m;
  }

  /** What the report mode prints as soon as its request reached it, before anything of the run. */
  static final byte[] GO = "runbox:go\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * The head of a report-mode request, up to the files: the marker line (a lone newline when the
   * wrapper is not to report), the line of limits, byte counts and the text's line count, and the
   * text (the command and the variables, each followed by a separator none of them contains, and a
   * newline). The files' tar, the home files' tar and the stdin follow it, with the lengths given
   * here.
   */
  static byte[] request(
      byte[] markerLine,
      Duration inner,
      String command,
      List<String> variables,
      int stdinBytes,
      int tarBytes,
      int homeTarBytes) {
    return head(
        markerLine,
        List.of(inner.toSeconds(), stdinBytes, tarBytes, homeTarBytes),
        command,
        variables);
  }

  /**
   * A request's head, in either mode: the marker line; the numbers, the text's line count and a
   * separator none of the items contains, on one line; the command and each item, each followed by
   * the separator, and a newline.
   */
  private static byte[] head(
      byte[] markerLine, List<? extends Number> numbers, String command, List<String> items) {
    String sep = separator(command, items);
    StringBuilder text = new StringBuilder(command).append(sep);
    items.forEach(v -> text.append(v).append(sep));
    long lines = text.chars().filter(c -> c == '\n').count() + 1;
    byte[] textBytes = text.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    StringBuilder counts = new StringBuilder();
    numbers.forEach(n -> counts.append(n).append(' '));
    byte[] countBytes =
        counts
            .append(lines)
            .append(' ')
            .append(sep)
            .append('\n')
            .toString()
            .getBytes(StandardCharsets.US_ASCII);
    byte[] head = new byte[markerLine.length + countBytes.length + textBytes.length];
    System.arraycopy(markerLine, 0, head, 0, markerLine.length);
    System.arraycopy(countBytes, 0, head, markerLine.length, countBytes.length);
    System.arraycopy(textBytes, 0, head, markerLine.length + countBytes.length, textBytes.length);
    return head;
  }

  /** A new secret marker line: what a run cannot know, so that its output cannot forge a report. */
  static byte[] markerLine() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return ("runbox:" + HexFormat.of().formatHex(b) + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** A random word that none of the items contains (a new one in the unlikely case one does). */
  private static String separator(String command, List<String> variables) {
    while (true) {
      byte[] b = new byte[12];
      RANDOM.nextBytes(b);
      String sep = "<runbox-" + HexFormat.of().formatHex(b) + ">";
      if (!command.contains(sep) && variables.stream().noneMatch(v -> v.contains(sep))) {
        return sep;
      }
    }
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
