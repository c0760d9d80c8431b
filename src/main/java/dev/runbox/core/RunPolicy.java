package dev.runbox.core;

/**
 * What the service admits, whatever the door a request came in by: limits at most {@code maximum},
 * at most {@code maxFiles} files of at most {@code maxFileBytes} bytes in all, and files that fit
 * the sandbox's disk. A request beyond any of these is refused before a container exists.
 *
 * @param maximum the largest limits a request may ask for
 * @param maxFiles the most files a request may send
 * @param maxFileBytes the most bytes of files a request may send, all files together
 */
public record RunPolicy(Limits maximum, int maxFiles, long maxFileBytes) {
  public RunPolicy {
    if (maxFiles < 1 || maxFileBytes < 1) {
      throw new IllegalArgumentException(
          "a run must be allowed one file of one byte: max files "
              + maxFiles
              + ", max file bytes "
              + maxFileBytes);
    }
  }

  /** True when a request may send this many files and bytes. */
  public boolean admits(FileSet files) {
    return files.files().size() <= maxFiles && files.totalBytes() <= maxFileBytes;
  }

  /** Refuses a set with more files or more bytes than a request may send. */
  public void checkBounds(FileSet files) {
    if (files.files().size() > maxFiles) {
      throw new InvalidRequestException(
          "files", files.files().size() + " files sent; at most " + maxFiles + " are accepted");
    }
    long total = files.totalBytes();
    if (total > maxFileBytes) {
      throw new InvalidRequestException(
          "files", total + " bytes of files sent; at most " + maxFileBytes + " are accepted");
    }
  }

  /** The image's default limits with the request's changes, each at most the maximum. */
  public Limits limitsFor(ImageSpec image, RunRequest request) {
    return image.defaultLimits().override(request.limits(), maximum);
  }

  /**
   * Refuses files that cannot fit in /sandbox under these limits: they would only fail to unpack
   * there (exit 125), a caller mistake, so they are refused before any container.
   */
  public void checkFits(FileSet files, Limits limits) {
    if (files.totalBytes() > limits.diskBytes()) {
      throw new InvalidRequestException(
          "files",
          files.totalBytes()
              + " bytes of files sent; the sandbox holds at most "
              + limits.diskBytes()
              + " (disk_mib "
              + limits.diskMib()
              + ")");
    }
  }
}
