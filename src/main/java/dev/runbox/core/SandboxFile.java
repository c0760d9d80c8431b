package dev.runbox.core;

import java.util.Arrays;

/**
 * One file sent into the sandbox: a safe relative path under the sandbox directory, its bytes, and
 * whether it is executable. The path is validated by {@link SandboxPath}.
 */
public record SandboxFile(String path, byte[] content, boolean executable) {
  public SandboxFile {
    SandboxPath.check(path);
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /** The size in bytes, without copying the content. */
  public int size() {
    return content.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SandboxFile f
        && f.path.equals(path)
        && f.executable == executable
        && Arrays.equals(f.content, content);
  }

  @Override
  public int hashCode() {
    return path.hashCode() * 31 + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "SandboxFile["
        + path
        + ", "
        + content.length
        + " bytes"
        + (executable ? ", executable" : "")
        + "]";
  }
}
