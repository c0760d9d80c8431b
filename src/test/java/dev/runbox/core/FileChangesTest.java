package dev.runbox.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileChangesTest {
  private static SandboxFile sent(String path, String text) {
    return new SandboxFile(path, text.getBytes(StandardCharsets.UTF_8), false);
  }

  private static HarvestedFile found(String path, String text, boolean exec) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return new HarvestedFile(path, b.length, Digests.sha256(b), new CapturedBytes(b, false), exec);
  }

  @Test
  void reportsCreatedChangedAndDeletedExactly() {
    FileSet before =
        new FileSet(
            List.of(sent("same", "s"), sent("edited", "e"), sent("gone", "g"), sent("chmod", "c")));
    FileChanges c =
        FileChanges.between(
            before,
            List.of(
                found("same", "s", false),
                found("edited", "E", false),
                found("new", "n", false),
                found("chmod", "c", true)),
            true);

    assertThat(c.created()).containsOnlyKeys("new");
    assertThat(c.changed()).containsOnlyKeys("edited", "chmod");
    assertThat(c.deleted()).containsExactly("gone");
  }

  @Test
  void reportsNothingDeletedWhenTheFilesFoundAreIncomplete() {
    FileSet before = new FileSet(List.of(sent("mine.py", "m"), sent("edited", "e")));
    FileChanges c =
        FileChanges.between(
            before, List.of(found("f0", "", false), found("edited", "E", false)), false);

    assertThat(c.created()).containsOnlyKeys("f0");
    assertThat(c.changed()).containsOnlyKeys("edited");
    assertThat(c.deleted()).isEmpty();
  }
}
