package dev.runbox.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogBuilderTest {
  @TempDir Path dir;

  /** Records what it was asked to build, and says it built each. */
  private static final class RecordingEngine implements ImageEngine {
    final ConcurrentLinkedQueue<String> built = new ConcurrentLinkedQueue<>();

    @Override
    public Optional<String> recipeOf(String ref) {
      return Optional.empty();
    }

    @Override
    public String recipeLabel(String folderHash) {
      return folderHash;
    }

    @Override
    public boolean build(Path folder, String ref, String folderHash, PrintStream progress) {
      progress.print("    Step 1/1 : FROM runbox/base:trixie\n");
      built.add(ref);
      return true;
    }

    @Override
    public boolean hasBase() {
      return true;
    }
  }

  private void folder(String name, String image) throws Exception {
    CatalogTest.language(dir, name, image, image == null);
  }

  private CatalogBuilder builder(RecordingEngine engine) {
    return new CatalogBuilder(
        ImageCatalogDirectory.load(dir, CatalogTest.DEFAULTS, CatalogTest.MAX),
        engine,
        dir.resolve("no-base-script.sh"));
  }

  @Test
  void buildsEachFamilyImageOnceAndNoImageForALanguageOnAFamilysImage() throws Exception {
    folder("java", null);
    folder("kotlin", "java");
    folder("scala", "java");
    folder("c", null);
    folder("d", "c");
    folder("tiny", null);
    RecordingEngine engine = new RecordingEngine();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    List<CatalogBuilder.Built> built =
        builder(engine).build(List.of(), 3, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(engine.built)
        .containsExactlyInAnyOrder("runbox/java:latest", "runbox/c:latest", "runbox/tiny:latest");
    assertThat(built).extracting(CatalogBuilder.Built::name).containsExactly("c", "java", "tiny");
    String progress = out.toString(StandardCharsets.UTF_8);
    assertThat(progress)
        .contains("[java]     Step 1/1 : FROM runbox/base:trixie")
        .contains("image tiny: built");
  }

  @Test
  void namingALanguageBuildsTheImageItRunsOn() throws Exception {
    folder("java", null);
    folder("kotlin", "java");
    folder("c", null);
    RecordingEngine engine = new RecordingEngine();

    builder(engine).build(List.of("kotlin"), 1, new PrintStream(new ByteArrayOutputStream()));

    assertThat(engine.built).containsExactly("runbox/java:latest");
  }

  @Test
  void refusesJobsOutsideOneToTheMaximum() throws Exception {
    folder("c", null);
    CatalogBuilder b = builder(new RecordingEngine());
    PrintStream none = new PrintStream(new ByteArrayOutputStream());
    for (int jobs : new int[] {0, -1, CatalogBuilder.MAX_JOBS + 1}) {
      assertThatThrownBy(() -> b.build(List.of(), jobs, none))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("jobs is " + jobs)
          .hasMessageContaining("between 1 and " + CatalogBuilder.MAX_JOBS);
    }
  }
}
