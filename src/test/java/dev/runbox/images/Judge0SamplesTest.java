package dev.runbox.images;

import static dev.runbox.images.CatalogTest.DEFAULTS;
import static dev.runbox.images.CatalogTest.MAX;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Judge0 language of the catalog has a judge sample, and every sample a language. */
class Judge0SamplesTest {
  @TempDir Path dir;

  @Test
  void everyJudge0LanguageOfTheRepositoryCatalogHasASampleAndEverySampleALanguage() {
    ImageCatalogDirectory c = Judge0Samples.repository();

    assertThat(Judge0Samples.problems(c)).isEmpty();
    assertThat(Judge0Samples.of(c))
        .extracting(Judge0Samples.Sample::id)
        .contains(43, 44, 46, 48, 49, 50, 52, 53, 54, 60, 62, 63, 68, 71, 72, 73, 89);
  }

  @Test
  void theRepositorySamplesHaveTestsAndOnlyPlainTextSqlAndBinariesAreSpecial() {
    for (Judge0Samples.Sample s : Judge0Samples.of(Judge0Samples.repository())) {
      assertThat(s.tests()).as(s.id() + " tests").isNotEmpty();
      if (s.id() == 43 || s.id() == 82) {
        assertThat(s.tests()).isNotEqualTo(Judge0Samples.DEFAULT_TESTS);
      } else {
        assertThat(s.tests()).as(s.id() + " tests").isEqualTo(Judge0Samples.DEFAULT_TESTS);
      }
      assertThat(s.builtFromC()).as(s.id() + " built from C").isEqualTo(s.id() == 44);
      assertThat(s.project()).as(s.id() + " project").isEqualTo(s.id() == 89);
    }
  }

  private ImageCatalogDirectory catalog(String judge0) throws Exception {
    Path img = Files.createDirectories(dir.resolve("x"));
    Files.writeString(
        img.resolve("manifest.json"),
        """
        {"name": "x", "language": "x", "version": "1", "framework": "none", "extension": ".x",
         "command": "true", "limits": {}, "program": {"run": "x {file}"},
         "aliases": {"judge0": %s}, "rules": []}"""
            .formatted(judge0));
    return ImageCatalogDirectory.load(dir, DEFAULTS, MAX);
  }

  private Path sample(String id, String file) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("x/judge0").resolve(id));
    Files.writeString(folder.resolve(file), "x\n");
    return folder;
  }

  @Test
  void findsALanguageWithoutASampleFolder() throws Exception {
    ImageCatalogDirectory c =
        catalog("[{\"id\": 1001, \"name\": \"X (1)\", \"source_file\": \"main.x\"}]");

    assertThat(Judge0Samples.problems(c)).singleElement().asString().contains("1001", "no sample");
  }

  @Test
  void findsASampleFolderThatNamesNoIdOfItsImage() throws Exception {
    ImageCatalogDirectory c =
        catalog("[{\"id\": 1001, \"name\": \"X (1)\", \"source_file\": \"main.x\"}]");
    sample("1001", "main.x");
    sample("1002", "main.x");

    assertThat(Judge0Samples.problems(c))
        .singleElement()
        .asString()
        .contains("1002", "names no Judge0 id");
  }

  @Test
  void findsASampleFolderWithoutTheSourceFile() throws Exception {
    ImageCatalogDirectory c =
        catalog("[{\"id\": 1001, \"name\": \"X (1)\", \"source_file\": \"main.x\"}]");
    sample("1001", "other.x");

    assertThat(Judge0Samples.problems(c)).singleElement().asString().contains("has no main.x");
  }

  @Test
  void takesTheCProgramOfABinaryForItsSourceFile() throws Exception {
    ImageCatalogDirectory c =
        catalog("[{\"id\": 1001, \"name\": \"X (1)\", \"source_file\": \"a.out\"}]");
    sample("1001", "a.out.c");

    assertThat(Judge0Samples.problems(c)).isEmpty();
    assertThat(Judge0Samples.of(c).get(0).builtFromC()).isTrue();
  }

  @Test
  void findsTestsThatAreNotShapedAsTheFormatSays() throws Exception {
    ImageCatalogDirectory c =
        catalog("[{\"id\": 1001, \"name\": \"X (1)\", \"source_file\": \"main.x\"}]");
    Path folder = sample("1001", "main.x");
    Files.writeString(folder.resolve("tests.json"), "[{\"name\": \"a\", \"input\": \"1\"}]");

    assertThat(Judge0Samples.problems(c)).singleElement().asString().contains("tests.json");
  }

  @Test
  void readsTestsJsonInsteadOfTheDefaultTests() throws Exception {
    ImageCatalogDirectory c =
        catalog("[{\"id\": 1001, \"name\": \"X (1)\", \"source_file\": \"main.x\"}]");
    Path folder = sample("1001", "main.x");
    Files.writeString(
        folder.resolve("tests.json"),
        "[{\"name\": \"a\", \"stdin\": \"\", \"expected_output\": \"x\\n\"}]");

    Judge0Samples.Sample s = Judge0Samples.of(c).get(0);
    assertThat(s.tests()).containsExactly(new Judge0Samples.Case("a", "", "x\n"));
    assertThat(s.files()).containsOnlyKeys("main.x");
  }

  @Test
  void leavesTheJudgeSamplesOutOfTheRecipeHash() throws Exception {
    catalog("[{\"id\": 1001, \"name\": \"X (1)\", \"source_file\": \"main.x\"}]");
    Path img = dir.resolve("x");
    Files.writeString(img.resolve("Dockerfile"), "FROM scratch\n");
    String before = ManifestReader.recipeHash(img);

    sample("1001", "main.x");

    assertThat(ManifestReader.recipeHash(img)).isEqualTo(before);
  }
}
