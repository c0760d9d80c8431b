package dev.runbox.sandbox.docker;

import dev.runbox.core.HarvestedFile;
import dev.runbox.core.SandboxJob;
import dev.runbox.core.SandboxUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * After a run that left no report: the wrapper in outside mode counts and kills every process of
 * the run's uid (looping until none is left), prints the cgroup counters, and streams /sandbox out
 * as a tar that nothing of the run can forge any more.
 */
final class Harvest {
  private static final int MAX_COUNTERS = 64 * 1024;

  private Harvest() {}

  record Taken(List<HarvestedFile> files, boolean complete, CgroupStats stats) {}

  static Taken take(Engine engine, String containerId, String user, SandboxJob job, int maxFiles) {
    CappedBuffer counters = new CappedBuffer(MAX_COUNTERS);
    try (ExecTar exec = new ExecTar()) {
      exec.start(
          engine,
          containerId,
          user,
          Wrapper.outside(),
          List.of(),
          new ByteArrayInputStream(new byte[0]),
          exec::offer,
          counters::write,
          () -> {});
      TarFiles.Unpacked files = exec.files(ExecTar.caps(job.limits(), maxFiles));
      return new Taken(
          files.files(), files.complete(), CgroupStats.parse(counters.captured().text()));
    } catch (IOException e) {
      throw new SandboxUnavailableException(
          job.runId(), containerId, "reading the files back failed: " + e.getMessage(), e);
    }
  }
}
