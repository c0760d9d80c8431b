package dev.runbox.core;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The files of a run: unique, safe paths, no path both a file and a folder. How many and how large
 * a request may send is the {@link RunPolicy}'s to say.
 */
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

  public long totalBytes() {
    long total = 0;
    for (SandboxFile f : files) {
      total += f.size();
    }
    return total;
  }
}
