package dev.runbox.sandbox.docker;

import dev.runbox.core.CapturedBytes;
import dev.runbox.core.SandboxJob;
import dev.runbox.core.SandboxUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A whole run in one exec. The wrapper runs under the images' runner shell, which its user may
 * execute but not read, so the wrapper is not dumpable: the run's processes (same uid) can kill
 * it but can neither trace it nor read its memory. It reads a secret marker from stdin, unpacks
 * the files, runs the command under its inner timer, kills every process of the uid, and then
 * prints the marker followed by the exit status, the cgroup's counters and /sandbox as a tar.
 * Nothing of the run can forge that trailer: it cannot know the marker, and it is dead when the
 * trailer is written. A run that kills the wrapper leaves no trailer; the caller then takes the
 * files back from outside ({@link Harvest}).
 */
final class Runner {
  /** Installed by scripts/base-image.sh with mode 0111 (execute, no read). */
  static final String SHELL = "/usr/lib/runbox/sh";
  /** The inner timer's grace between its TERM and its KILL ({@code timeout -k 1}). */
  static final Duration KILL_AFTER = Duration.ofSeconds(1);
  private static final Duration MAX_WAIT = Duration.ofSeconds(30);
  private static final int MAX_HEADER = 16 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Kills until the container's task count (one read of the pids cgroup) is back to what it was
   * before the command ($b: the idle process, init and the wrapper), bounded in rounds; the exact
   * count of the run's processes in /proc that follows is then cheap, as only those few remain.
   * Reading every /proc/N/status while a fork bomb's processes are still dying took seconds on a
   * loaded machine, and pushed inner timeouts past the outer deadline.
   */
  private static final String FAST_KILL = "i=0; while [ -n \"$b\" ] && [ $i -lt 5000 ]; do kill -9 -1; read -r t <$p;"
      + " [ \"$t\" -le \"$b\" ] && break; i=$((i+1)); done; ";

  /**
   * $1 inner limit (s), $2 command, $3 stdin bytes, $4 tar bytes, $5 1 to send /sandbox back.
   * The engine API never closes an exec's stdin, so {@code head -c} passes exactly the bytes sent
   * for each part and then end-of-file. A tar failure (say, files larger than the sandbox) is the
   * run's result: status 125. After the command the wrapper's own stderr goes nowhere.
   */
  static final String SCRIPT = "read -r m || exit 125; p=/sys/fs/cgroup/pids/pids.current; [ -r $p ] || p=/sys/fs/cgroup/pids.current;"
      + " b=; [ -r $p ] && read -r b <$p; head -c \"$4\" | tar -x -f - -C /sandbox || exit 125;"
      + " if [ \"$3\" -gt 0 ]; then head -c \"$3\" | timeout -k 1 \"$1\" /bin/sh -c \"$2\";"
      + " else timeout -k 1 \"$1\" /bin/sh -c \"$2\" </dev/null; fi; s=$?; exec 2>/dev/null; "
      + FAST_KILL + Harvest.COUNT + "; while :; do kill -9 -1; count; [ $n -eq 0 ] && break; done;"
      + " [ -n \"$m\" ] || exit \"$s\"; echo \"$m\"; echo \"$s\"; " + CgroupStats.PRINT + "; echo '## end';"
      + " [ \"$5\" = 1 ] || exit 0; cd /sandbox && exec tar -c -f - .";

  private Runner() {}

  /** How the exec went. */
  sealed interface Ran permits Complete, CutOff, NoTrailer {
    CapturedBytes stdout();

    CapturedBytes stderr();

    long wallMs();
  }

  /** The wrapper finished and reported. */
  record Complete(CapturedBytes stdout, CapturedBytes stderr, long wallMs, int exitStatus, CgroupStats stats,
      TarFiles.Unpacked files) implements Ran {}

  /** The service's own deadline passed before the wrapper reported; the exec was abandoned. */
  record CutOff(CapturedBytes stdout, CapturedBytes stderr, long wallMs) implements Ran {}

  /** The exec ended without a trailer: the wrapper was killed (by the run) or could not start. */
  record NoTrailer(CapturedBytes stdout, CapturedBytes stderr, long wallMs, int exitStatus) implements Ran {}

  /**
   * @param report false where the runner shell cannot make the wrapper non-dumpable (gVisor
   *     refuses to load a file its user cannot read): the wrapper gets no marker and reports
   *     nothing, and every run ends as {@link NoTrailer}, to be taken back from outside
   */
  static Ran run(Engine engine, String containerId, String user, SandboxJob job, byte[] tar, Duration inner, Duration deadline,
      int maxFiles, boolean report) {
    String marker = "runbox:" + HexFormat.of().formatHex(secret());
    byte[] markerLine = (marker + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] sent = report ? markerLine : new byte[] {'\n'};
    int cap = job.limits().outputBytes();
    CappedBuffer out = new CappedBuffer(cap);
    CappedBuffer err = new CappedBuffer(cap);
    ChunkStream trailer = new ChunkStream(64, MAX_WAIT);
    MarkerSplitter split = new MarkerSplitter(markerLine, out::write, trailer::offer);
    List<String> argv = List.of(report ? SHELL : "/bin/sh", "-c", SCRIPT, "runbox", Long.toString(inner.toSeconds()), job.command(),
        Integer.toString(job.stdin().length), Integer.toString(tar.length), job.wantFiles() ? "1" : "0");
    InputStream in = new SequenceInputStream(new ByteArrayInputStream(sent),
        new SequenceInputStream(new ByteArrayInputStream(tar), new ByteArrayInputStream(job.stdin())));
    Exec.Started s = Exec.start(engine, containerId, user, argv, in, split, err::write, () -> {
      split.end();
      trailer.end();
    });
    try {
      boolean settled = split.awaitSettled(deadline);
      long wall = s.elapsedMs();
      if (!settled) {
        return new CutOff(out.captured(), err.captured(), wall);
      }
      if (!split.found()) {
        s.await(MAX_WAIT);
        return new NoTrailer(out.captured(), err.captured(), wall, s.exitStatus(engine));
      }
      Optional<Header> header = Header.read(trailer);
      if (header.isEmpty()) {
        trailer.close();
        s.await(MAX_WAIT);
        return new NoTrailer(out.captured(), err.captured(), wall, s.exitStatus(engine));
      }
      TarFiles.Unpacked files = job.wantFiles()
          ? TarFiles.unpack(trailer, new TarFiles.Caps(maxFiles, cap, 4L * cap + 1024 * 1024))
          : new TarFiles.Unpacked(List.of(), true);
      trailer.close();
      if (!files.complete()) {
        DockerSandbox.closeQuietly(s.callback(), "run stream");
      } else if (!s.await(MAX_WAIT)) {
        throw new IOException("the run's stream did not end within " + MAX_WAIT.toSeconds() + " s of its report");
      }
      return new Complete(out.captured(), err.captured(), wall, header.get().exitStatus(), header.get().stats(), files);
    } catch (IOException e) {
      throw new SandboxUnavailableException(job.runId(), containerId, "reading the run's report failed: " + e.getMessage(), e);
    } finally {
      trailer.close();
      DockerSandbox.closeQuietly(s.callback(), "run stream");
    }
  }

  private static byte[] secret() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return b;
  }

  /** The exit status line and the counters, up to the line "## end". */
  record Header(int exitStatus, CgroupStats stats) {
    static Optional<Header> read(InputStream trailer) throws IOException {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int c;
      while ((c = trailer.read()) >= 0 && text.size() < MAX_HEADER) {
        if (c != '\n') {
          line.write(c);
          continue;
        }
        String l = line.toString(StandardCharsets.US_ASCII);
        line.reset();
        if (l.equals("## end")) {
          String[] lines = text.toString(StandardCharsets.US_ASCII).split("\n", 2);
          try {
            return Optional.of(new Header(Integer.parseInt(lines[0].trim()), CgroupStats.parse(lines.length > 1 ? lines[1] : "")));
          } catch (NumberFormatException e) {
            return Optional.empty();
          }
        }
        text.write((l + "\n").getBytes(StandardCharsets.US_ASCII));
      }
      return Optional.empty();
    }
  }
}
