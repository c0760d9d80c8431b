package dev.runbox.sandbox.docker;

import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Deadlines;
import dev.runbox.core.Live;
import dev.runbox.core.LiveInput;
import dev.runbox.core.LiveOutput;
import dev.runbox.core.SandboxJob;
import dev.runbox.core.SandboxUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A whole run in one exec of the wrapper in report mode ({@code wrapper.sh}, which says why nothing
 * of the run can forge its report), started ahead of the run and waiting: the secret marker, the
 * limits, the command and the job's variables, the files as a tar, the home files as a second tar
 * (empty when there are none) and the stdin go in on the exec's stdin; the run's stdout, then the
 * marker, the exit status, the counters and /sandbox as a tar come back. A run that kills the
 * wrapper leaves no report; the caller then takes the files back from outside ({@link Harvest}).
 */
final class Runner {
  private static final int MAX_HEADER = 16 * 1024;

  /**
   * How long the trailer's start on stderr may trail the one on stdout (the wrapper prints it
   * first; only the engine's copying of two pipes lies between).
   */
  private static final Duration STDERR_SETTLES = Duration.ofSeconds(5);

  private Runner() {}

  /** How the exec went. */
  sealed interface Ran permits Ran.Output, NeverStarted {
    long wallMs();

    /** A run that started, and what it printed. */
    sealed interface Output extends Ran permits Complete, CutOff, NoTrailer {
      CapturedBytes stdout();

      CapturedBytes stderr();
    }
  }

  /** The wrapper finished and reported. */
  record Complete(
      CapturedBytes stdout,
      CapturedBytes stderr,
      long wallMs,
      int exitStatus,
      CgroupStats stats,
      TarFiles.Unpacked files)
      implements Ran.Output {}

  /** The service's own deadline passed before the wrapper reported; the exec was abandoned. */
  record CutOff(CapturedBytes stdout, CapturedBytes stderr, long wallMs) implements Ran.Output {}

  /**
   * The wrapper ended before its request reached it (its container died, say): nothing of the run
   * ran, and the run may go to another container.
   */
  record NeverStarted(long wallMs) implements Ran {}

  /**
   * The exec ended without a trailer: the wrapper was killed (by the run) or could not start.
   *
   * @param leftovers the run's processes still alive when the wrapper's end was seen inside the
   *     container (a container's first process counts and kills them before it says so; 0 when only
   *     the take-back from outside counts them)
   */
  record NoTrailer(
      CapturedBytes stdout, CapturedBytes stderr, long wallMs, int exitStatus, long leftovers)
      implements Ran.Output {
    NoTrailer(CapturedBytes stdout, CapturedBytes stderr, long wallMs, int exitStatus) {
      this(stdout, stderr, wallMs, exitStatus, 0);
    }
  }

  /**
   * The run written into a wrapper that waits for it (pre-started in a warm container, or just
   * started in a cold one); the wrapper is closed when this returns.
   *
   * @param report false where the wrapper cannot report ({@link WaitingWrapper#reports}): it gets
   *     no marker, and every run ends as {@link NoTrailer}, to be taken back from outside
   * @param live where the run's output goes as it comes (up to the output cap); for an interactive
   *     run, its stdin and signals, written into the wrapper's stream while it runs, in place of
   *     the job's stdin
   */
  static Ran run(
      WaitingWrapper wrapper,
      Engine engine,
      SandboxJob job,
      byte[] tar,
      byte[] homeTar,
      Deadlines deadlines,
      int maxFiles,
      boolean report,
      Live live) {
    byte[] markerLine = Wrapper.markerLine();
    byte[] stdin = live.input().isPresent() ? new byte[0] : job.stdin();
    byte[] head =
        Wrapper.request(
            report ? markerLine : new byte[] {'\n'},
            deadlines.inner(),
            job.command(),
            job.environment().assignments(),
            live.input().isPresent() ? Wrapper.LIVE_STDIN : stdin.length,
            tar.length,
            homeTar.length);
    InputStream in =
        new SequenceInputStream(
            Collections.enumeration(
                List.of(
                    new ByteArrayInputStream(head),
                    new ByteArrayInputStream(tar),
                    new ByteArrayInputStream(homeTar),
                    live.input()
                        .<InputStream>map(LiveFrames::new)
                        .orElseGet(() -> new ByteArrayInputStream(stdin)))));
    int cap = job.limits().outputBytes();
    CappedBuffer out = new CappedBuffer(cap);
    CappedBuffer err = new CappedBuffer(cap);
    LiveTap outTap = new LiveTap(cap, LiveOutput.Stream.STDOUT, live.output());
    LiveTap errTap = new LiveTap(cap, LiveOutput.Stream.STDERR, live.output());
    try (wrapper) {
      ExecTar exec = wrapper.exec();
      MarkerSplitter split =
          new MarkerSplitter(
              Wrapper.trailerMarker(markerLine),
              chunk -> {
                out.write(chunk);
                outTap.accept(chunk);
              },
              exec::offer);
      // the wrapper starts its trailer on stderr too: the run's stderr is whole once that came
      MarkerSplitter errSplit =
          new MarkerSplitter(
              Wrapper.trailerMarker(markerLine),
              chunk -> {
                err.write(chunk);
                errTap.accept(chunk);
              },
              chunk -> {});
      GoSignal go = new GoSignal(split);
      long t0 = System.nanoTime();
      if (!wrapper.bind(
          go,
          errSplit,
          () -> {
            split.end();
            errSplit.end();
          })) {
        return new NeverStarted(0);
      }
      wrapper.supply(in);
      boolean settled = split.awaitSettled(deadlines.outer());
      long wall = (System.nanoTime() - t0) / 1_000_000;
      if (!settled) {
        return new CutOff(out.captured(), err.captured(), wall);
      }
      Optional<Header> header = split.found() ? Header.read(exec.stream()) : Optional.empty();
      if (header.isPresent()) {
        errSplit.awaitSettled(STDERR_SETTLES);
      }
      if (header.isPresent() && header.get().gone()) {
        exec.abandon();
        exec.await();
        return new NoTrailer(
            out.captured(),
            err.captured(),
            wall,
            header.get().exitStatus(),
            header.get().stats().leftovers());
      }
      if (header.isEmpty()) {
        exec.abandon();
        exec.await();
        if (!go.seen()) {
          return new NeverStarted(wall);
        }
        // A container's own wrapper whose stream ended without a word: the container stopped.
        int status = exec.attached() ? RunReport.KILLED : exec.exitStatus(engine);
        return new NoTrailer(out.captured(), err.captured(), wall, status);
      }
      TarFiles.Unpacked files = exec.files(ExecTar.caps(job.limits(), maxFiles));
      return new Complete(
          out.captured(),
          err.captured(),
          wall,
          header.get().exitStatus(),
          header.get().stats(),
          files);
    } catch (IOException e) {
      throw new SandboxUnavailableException(
          job.runId(), "", "reading the run's report failed: " + e.getMessage(), e);
    } finally {
      // the run may go on in another container (this one's wrapper never got it): what its input
      // has not given this one waits for the next
      live.input().ifPresent(LiveInput::detach);
    }
  }

  /**
   * The exit status line and the counters, up to the line "## end"; or, from a container's first
   * process whose wrapper ended without its trailer, the wrapper's exit status and the count of the
   * run's processes it then killed, up to the line "## gone".
   */
  record Header(int exitStatus, CgroupStats stats, boolean gone) {
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
        if (l.equals("## end") || l.equals("## gone")) {
          String[] lines = text.toString(StandardCharsets.US_ASCII).split("\n", 2);
          try {
            return Optional.of(
                new Header(
                    Integer.parseInt(lines[0].trim()),
                    CgroupStats.parse(lines.length > 1 ? lines[1] : ""),
                    l.equals("## gone")));
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
