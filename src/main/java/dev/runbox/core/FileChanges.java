package dev.runbox.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Files under /sandbox that the run created, changed (content or executable bit) and deleted. */
public record FileChanges(
    Map<String, CapturedBytes> created, Map<String, CapturedBytes> changed, List<String> deleted) {
  public FileChanges {
    created = Collections.unmodifiableSortedMap(new TreeMap<>(created));
    changed = Collections.unmodifiableSortedMap(new TreeMap<>(changed));
    deleted = List.copyOf(deleted);
  }

  public static FileChanges none() {
    return new FileChanges(Map.of(), Map.of(), List.of());
  }

  /**
   * Compares what was sent in with what was found afterwards. When {@code complete} is false (the
   * files were capped, or not taken at all) a sent file that was not found may still be there, so
   * nothing is reported deleted: a run must not be able to make its own files look deleted by
   * creating more than the cap.
   */
  public static FileChanges between(FileSet before, List<HarvestedFile> after, boolean complete) {
    Map<String, SandboxFile> sent = new HashMap<>();
    before.files().forEach(f -> sent.put(f.path(), f));
    Map<String, CapturedBytes> created = new TreeMap<>();
    Map<String, CapturedBytes> changed = new TreeMap<>();
    List<String> deleted = new ArrayList<>();
    Map<String, HarvestedFile> found = new HashMap<>();
    for (HarvestedFile h : after) {
      found.put(h.path(), h);
      SandboxFile original = sent.get(h.path());
      if (original == null) {
        created.put(h.path(), h.content());
      } else if (!Digests.sha256(original.content()).equals(h.sha256())
          || original.executable() != h.executable()) {
        changed.put(h.path(), h.content());
      }
    }
    for (SandboxFile f : before.files()) {
      if (complete && !found.containsKey(f.path())) {
        deleted.add(f.path());
      }
    }
    deleted.sort(null);
    return new FileChanges(created, changed, deleted);
  }
}
