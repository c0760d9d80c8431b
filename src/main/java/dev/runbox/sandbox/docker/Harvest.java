package dev.runbox.sandbox.docker;

import dev.runbox.core.HarvestedFile;
import dev.runbox.core.SandboxJob;
import dev.runbox.core.SandboxUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * After the command: kill every process of the run's uid (looping until none is left), print the
 * cgroup counters, and stream /sandbox out as a tar that nothing of the run can forge any more.
 */
final class Harvest {
  private static final Duration MAX_WAIT = Duration.ofSeconds(30);
  /**
   * Defines {@code count}, which sets n to the live (not zombie) processes of this shell's real
   * uid other than itself, from each /proc/N/status: a process that made itself non-dumpable
   * shows its /proc/N as root's, but not its status. kill(-1) reports success while any other
   * process is in the namespace (even one it may not signal), so the kill loops count instead.
   */
  static final String COUNT = "while read -r k v _; do [ \"$k\" = Uid: ] && { u=$v; break; }; done </proc/$$/status;"
      + " count() { n=0; for d in /proc/[0-9]*; do [ \"$d\" = /proc/$$ ] && continue; z=;"
      + " while read -r k v _; do case $k in State:) z=$v;; Uid:) [ \"$v\" = \"$u\" ] && [ \"$z\" != Z ] && n=$((n+1)); break;; esac;"
      + " done <\"$d/status\"; done 2>/dev/null; }";

  /** Counts the run's processes still alive (printed as "leftovers"), then kills them all. */
  static final String KILL_ALL = COUNT + "; count; echo \"## leftovers\" >&2; echo $n >&2;"
      + " while :; do kill -9 -1 2>/dev/null; count; [ $n -eq 0 ] && break; done";

  static final String SCRIPT = KILL_ALL + "; " + CgroupStats.PRINT + " >&2; "
      + "if [ \"$1\" = 1 ]; then cd /sandbox && exec tar -c -f - .; fi";

  private Harvest() {}

  record Taken(List<HarvestedFile> files, boolean complete, CgroupStats stats) {}

  static Taken take(Engine engine, String containerId, String user, SandboxJob job, int maxFiles) {
    ChunkStream tar = new ChunkStream(64, MAX_WAIT);
    CappedBuffer err = new CappedBuffer(64 * 1024);
    List<String> argv = List.of("/bin/sh", "-c", SCRIPT, "runbox", job.wantFiles() ? "1" : "0");
    Exec.Started s = Exec.start(engine, containerId, user, argv, new ByteArrayInputStream(new byte[0]),
        chunk -> tar.offer(chunk), err::write, tar::end);
    try {
      TarFiles.Unpacked files = job.wantFiles()
          ? TarFiles.unpack(tar, new TarFiles.Caps(maxFiles, job.limits().outputBytes(), 4L * job.limits().outputBytes() + 1024 * 1024))
          : new TarFiles.Unpacked(List.of(), true);
      tar.close();
      if (!files.complete()) {
        DockerSandbox.closeQuietly(s.callback(), "harvest stream");
      }
      if (!s.await(MAX_WAIT)) {
        throw new SandboxUnavailableException(job.runId(), containerId, "taking the files back did not finish in time", null);
      }
      return new Taken(files.files(), files.complete(), CgroupStats.parse(err.captured().text()));
    } catch (IOException e) {
      throw new SandboxUnavailableException(job.runId(), containerId, "reading the files back failed: " + e.getMessage(), e);
    } finally {
      tar.close();
      DockerSandbox.closeQuietly(s.callback(), "harvest stream");
    }
  }
}
