package dev.runbox.core.judge;

import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Usage;

/**
 * What the compile stage did. It failed when it did not end with status 0 (a timer's or the
 * kernel's kill ends with another status).
 */
public record CompileResult(
    CapturedBytes stdout, CapturedBytes stderr, int exitStatus, Usage usage) {

  public boolean succeeded() {
    return exitStatus == 0;
  }
}
