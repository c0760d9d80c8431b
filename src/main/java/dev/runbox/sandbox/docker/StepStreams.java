package dev.runbox.sandbox.docker;

import dev.runbox.core.CapturedBytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What one session step prints (see the serve mode of {@code wrapper.sh}): the run's stdout and
 * stderr, each capped, up to the step's marker on both streams, and after the marker on stdout the
 * step's trailer up to "## end". Done when both markers and the whole trailer came, or the exec
 * ended.
 */
final class StepStreams {
  private static final int MAX_TRAILER = 4096;
  private static final byte[] END = "\n## end\n".getBytes(StandardCharsets.US_ASCII);

  private final CappedBuffer out;
  private final CappedBuffer err;
  private final MarkerSplitter outSplit;
  private final MarkerSplitter errSplit;
  private final ByteArrayOutputStream trailer = new ByteArrayOutputStream();
  private final ByteArrayOutputStream files = new ByteArrayOutputStream();
  private final long maxFiles;
  private String header;
  private boolean filesOverflow;
  private final CountDownLatch done = new CountDownLatch(1);

  /**
   * @param maxFiles the most bytes of /sandbox's tar this step may send back after its trailer
   */
  StepStreams(byte[] markerLine, int outputCap, long maxFiles) {
    this.maxFiles = maxFiles;
    this.out = new CappedBuffer(outputCap);
    this.err = new CappedBuffer(outputCap);
    this.outSplit = new MarkerSplitter(markerLine, out::write, this::trailer);
    this.errSplit = new MarkerSplitter(markerLine, err::write, chunk -> {});
  }

  void stdout(byte[] chunk) {
    outSplit.accept(chunk);
    check();
  }

  void stderr(byte[] chunk) {
    errSplit.accept(chunk);
    check();
  }

  /** The exec ended: whatever came is all there is. */
  void ended() {
    outSplit.end();
    errSplit.end();
    done.countDown();
  }

  private void trailer(byte[] chunk) {
    synchronized (trailer) {
      int from = 0;
      if (header == null) {
        int written = Math.min(chunk.length, MAX_TRAILER - trailer.size());
        trailer.write(chunk, 0, written);
        byte[] b = trailer.toByteArray();
        int at = indexOf(b, END);
        if (at < 0) {
          return;
        }
        header = new String(b, 0, at + 1, StandardCharsets.US_ASCII);
        int headerEnd = at + END.length;
        // What came after the header in this chunk: the tar's first bytes.
        from = written - (b.length - headerEnd);
      }
      int n = chunk.length - from;
      if (n > 0 && files.size() + n <= maxFiles) {
        files.write(chunk, from, n);
      } else if (n > 0) {
        filesOverflow = true;
      }
    }
  }

  private void check() {
    if (errSplit.found() && report().isPresent()) {
      done.countDown();
    }
  }

  /** Waits (bounded) until the step is done or the exec ended; false when neither in time. */
  boolean await(Duration timeout) {
    try {
      return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  CapturedBytes stdout() {
    return out.captured();
  }

  CapturedBytes stderr() {
    return err.captured();
  }

  /**
   * The trailer, once it came whole with the tar it announced and both markers were seen; empty
   * also when the tar was larger than allowed.
   */
  Optional<Report> report() {
    if (!errSplit.found()) {
      return Optional.empty();
    }
    synchronized (trailer) {
      if (header == null || filesOverflow) {
        return Optional.empty();
      }
      return Report.parse(header).filter(r -> files.size() == r.tarBytes());
    }
  }

  /** The tar of /sandbox the step sent back (empty when it sent none). */
  byte[] files() {
    synchronized (trailer) {
      return files.toByteArray();
    }
  }

  /** True when the step's tar was larger than allowed. */
  boolean filesOverflowed() {
    synchronized (trailer) {
      return filesOverflow;
    }
  }

  private static int indexOf(byte[] b, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= b.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (b[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * A step's trailer: the exit status, the largest resident set in KiB (-1 when unknown), and the
   * cgroup's CPU microseconds and OOM kills before and after the command, and the size of the tar
   * of /sandbox that follows the trailer (0: none).
   */
  record Report(
      int exitStatus,
      long maxRssKib,
      long cpuUsBefore,
      long oomsBefore,
      long cpuUsAfter,
      long oomsAfter,
      long tarBytes) {
    static Optional<Report> parse(String text) {
      String[] lines = text.split("\n", -1);
      if (lines.length < 5) {
        return Optional.empty();
      }
      try {
        String[] before = lines[2].trim().split(" ");
        String[] after = lines[3].trim().split(" ");
        if (before.length != 2 || after.length != 2) {
          return Optional.empty();
        }
        return Optional.of(
            new Report(
                Integer.parseInt(lines[0].trim()),
                lines[1].isBlank() ? -1 : Long.parseLong(lines[1].trim()),
                Long.parseLong(before[0]),
                Long.parseLong(before[1]),
                Long.parseLong(after[0]),
                Long.parseLong(after[1]),
                Long.parseLong(lines[4].trim())));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    long cpuMs() {
      return Math.max(0, cpuUsAfter - cpuUsBefore) / 1000;
    }

    boolean oomKilled() {
      return oomsAfter > oomsBefore;
    }
  }
}
