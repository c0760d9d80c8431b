package dev.runbox.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The files of a run: unique, safe paths, no path both a file and a folder, bounded in count and size. */
public record FileSet(List<SandboxFile> files) {
  public FileSet {
    files = List.copyOf(files);
    Set<String> paths = new HashSet<>();
    for (SandboxFile f : files) {
      if (!paths.add(f.path())) {
        throw new InvalidRequestException("files", "duplicate file name: '" + f.path() + "'");
      }
    }
    for (String p : paths) {
      checkParentsAreNotFiles(p, paths);
    }
  }

  private static void checkParentsAreNotFiles(String path, Set<String> paths) {
    int slash = path.indexOf('/');
    while (slash > 0) {
      String parent = path.substring(0, slash);
      if (paths.contains(parent)) {
        throw new InvalidRequestException("files", "'" + parent + "' is both a file and a folder");
      }
      slash = path.indexOf('/', slash + 1);
    }
  }

  public static FileSet empty() {
    return new FileSet(List.of());
  }

  /** Refuses the set when it holds more files or bytes than allowed. */
  public FileSet checkBounds(int maxFiles, long maxTotalBytes) {
    if (files.size() > maxFiles) {
      throw new InvalidRequestException("files", files.size() + " files sent; at most " + maxFiles + " are accepted");
    }
    long total = totalBytes();
    if (total > maxTotalBytes) {
      throw new InvalidRequestException("files", total + " bytes of files sent; at most " + maxTotalBytes + " are accepted");
    }
    return this;
  }

  public long totalBytes() {
    long total = 0;
    for (SandboxFile f : files) {
      total += f.size();
    }
    return total;
  }

  public FileSet with(SandboxFile file) {
    List<SandboxFile> more = new ArrayList<>(files);
    more.add(file);
    return new FileSet(more);
  }
}
