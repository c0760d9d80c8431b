package dev.runbox.core;

import java.util.List;

/**
 * What a {@link Sandbox} observed. What the program did — fail, time out, be killed — is a value
 * here, never an exception.
 *
 * @param files regular files under /sandbox after the run (empty when not collected or killed)
 * @param filesComplete false when the file listing hit its caps or could not be taken
 */
public record SandboxResult(
    CapturedBytes stdout,
    CapturedBytes stderr,
    int exitStatus,
    Timeout timeout,
    boolean oomKilled,
    List<HarvestedFile> files,
    boolean filesComplete,
    Usage usage) {
  public SandboxResult {
    files = List.copyOf(files);
  }

  public boolean timedOut() {
    return timeout != Timeout.NONE;
  }
}
