package dev.runbox.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
  static final Limits DEFAULTS = new Limits(10, 128, 1, 128, 64, 50, 256);
  static final Limits MAX = new Limits(120, 4096, 2, 1024, 1024, 1024, 4096);

  @TempDir Path dir;

  @Test
  void theRepositoryCatalogHoldsEveryLanguageWithRulesAndSamples() {
    ImageCatalogDirectory c = ImageCatalogDirectory.load(Path.of("images"), DEFAULTS, MAX);
    assertThat(c.manifests())
        .extracting(ImageManifest::name)
        .contains(
            "bash",
            "python",
            "c",
            "cpp",
            "java",
            "javascript",
            "ruby",
            "go",
            "rust",
            "php",
            "tiny");
    for (String name :
        List.of("bash", "python", "c", "cpp", "java", "javascript", "ruby", "go", "rust", "php")) {
      assertThat(c.manifest(name).orElseThrow().cyberDojoAliases()).as(name).isNotEmpty();
    }
    for (ImageManifest m : c.manifests()) {
      if (!m.name().equals("tiny")) {
        assertThat(m.rules().rules()).as(m.name() + " rules").isNotEmpty();
        assertThat(m.samples()).as(m.name() + " samples").containsOnlyKeys("red", "amber", "green");
      }
      assertThat(m.ref()).isEqualTo("runbox/" + m.image() + ":latest");
    }
  }

  @Test
  void everyImageWithAPistonNameCanRunAProgramAndCompiledOnesCompileFirst() {
    ImageCatalogDirectory c = ImageCatalogDirectory.load(Path.of("images"), DEFAULTS, MAX);
    for (ImageManifest m : c.manifests()) {
      m.piston()
          .ifPresent(p -> assertThat(p.runCommand()).as(m.name() + " piston run").isPresent());
    }
    assertThat(c.manifest("c").orElseThrow().piston().orElseThrow().compileCommand()).isPresent();
    assertThat(c.manifest("python").orElseThrow().piston().orElseThrow().compileCommand())
        .isEmpty();
    assertThat(c.manifest("tiny").orElseThrow().piston()).isEmpty();
  }

  @Test
  void everyLanguageThatPistonRunsHasOnePistonSample() throws Exception {
    ImageCatalogDirectory c = ImageCatalogDirectory.load(Path.of("images"), DEFAULTS, MAX);
    for (ImageManifest m : c.manifests()) {
      Path folder = m.folder().resolve(ImageManifest.PISTON_SAMPLES);
      boolean runs = m.piston().flatMap(ImageManifest.PistonName::runCommand).isPresent();
      if (runs) {
        try (var files = Files.list(folder)) {
          assertThat(files.filter(Files::isRegularFile).count()).as(m.name()).isEqualTo(1);
        }
      } else {
        assertThat(folder).as(m.name()).doesNotExist();
      }
    }
  }

  private Path language(String name, String image, boolean dockerfile) throws Exception {
    return language(dir, name, image, dockerfile);
  }

  /**
   * Writes {@code <dir>/<name>/manifest.json}, naming {@code image} when it is not null, and a
   * Dockerfile when asked.
   */
  static Path language(Path dir, String name, String image, boolean dockerfile) throws Exception {
    Path img = Files.createDirectories(dir.resolve(name));
    Files.writeString(
        img.resolve("manifest.json"),
        """
        {"name": "%s", %s"language": "x", "version": "1", "framework": "none", "extension": ".x",
         "command": "true", "limits": {}, "rules": []}"""
            .formatted(name, image == null ? "" : "\"image\": \"" + image + "\", "));
    if (dockerfile) {
      Files.writeString(img.resolve("Dockerfile"), "FROM scratch\n");
    }
    return img;
  }

  @Test
  void runsALanguageOnAnotherFoldersImageWithThatImagesRecipe() throws Exception {
    language("jvm", null, true);
    language("kotlin", "jvm", false);
    ImageCatalogDirectory c = ImageCatalogDirectory.load(dir, DEFAULTS, MAX);
    ImageManifest jvm = c.manifest("jvm").orElseThrow();
    ImageManifest kotlin = c.manifest("kotlin").orElseThrow();
    assertThat(jvm.ownsImage()).isTrue();
    assertThat(kotlin.ownsImage()).isFalse();
    assertThat(kotlin.ref()).isEqualTo("runbox/jvm:latest").isEqualTo(jvm.ref());
    assertThat(kotlin.recipeHash()).isEqualTo(jvm.recipeHash()).isNotBlank();
    assertThat(c.find("kotlin").orElseThrow().name()).isEqualTo("kotlin");
    assertThat(c.find("kotlin").orElseThrow().ref()).isEqualTo("runbox/jvm:latest");
  }

  @Test
  void refusesAFamilyImageThatIsMissingOrItselfOnAnotherImage() throws Exception {
    language("kotlin", "jvm", false);
    assertThatThrownBy(() -> ImageCatalogDirectory.load(dir, DEFAULTS, MAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kotlin")
        .hasMessageContaining("'image' names jvm");
    language("jvm", "base", false);
    language("base", null, true);
    assertThatThrownBy(() -> ImageCatalogDirectory.load(dir, DEFAULTS, MAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'image' names jvm");
  }

  @Test
  void refusesALanguageThatNamesAnotherImageYetHasADockerfile() throws Exception {
    language("jvm", null, true);
    language("kotlin", "jvm", true);
    assertThatThrownBy(() -> ImageCatalogDirectory.load(dir, DEFAULTS, MAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kotlin")
        .hasMessageContaining("Dockerfile of its own");
  }

  @Test
  void readsAPistonNameWithoutCommandsAsOneThatCannotRunPrograms() throws Exception {
    Path img = Files.createDirectories(dir.resolve("plain"));
    Files.writeString(
        img.resolve("manifest.json"),
        """
        {"name": "plain", "language": "x", "version": "1", "framework": "none", "extension": ".x",
         "command": "true", "limits": {}, "aliases": {"piston": {"language": "x", "aliases": ["y"]}}, "rules": []}""");
    ImageManifest.PistonName p =
        ImageCatalogDirectory.load(dir, DEFAULTS, MAX)
            .manifest("plain")
            .orElseThrow()
            .piston()
            .orElseThrow();
    assertThat(p).isEqualTo(new ImageManifest.PistonName("x", java.util.List.of("y")));
    assertThat(p.runCommand()).isEmpty();
  }

  @Test
  void refusesAnImageWhoseDefaultsAreAboveTheMaximum() throws Exception {
    Path img = Files.createDirectories(dir.resolve("greedy"));
    Files.writeString(
        img.resolve("manifest.json"),
        """
        {"name": "greedy", "language": "x", "version": "1", "framework": "none", "extension": ".x",
         "command": "true", "limits": {"memory_mib": 9999}, "aliases": {}, "rules": []}""");
    assertThatThrownBy(() -> ImageCatalogDirectory.load(dir, DEFAULTS, MAX))
        .hasMessageContaining("memory_mib 9999 is above the maximum 4096");
  }

  @Test
  void refusesARulePatternThatDoesNotCompile() throws Exception {
    Path img = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(
        img.resolve("manifest.json"),
        """
        {"name": "bad", "language": "x", "version": "1", "framework": "none", "extension": ".x",
         "command": "true", "limits": {}, "aliases": {}, "rules": [{"outcome": "green", "stdout": "("}]}""");
    assertThatThrownBy(() -> ImageCatalogDirectory.load(dir, DEFAULTS, MAX))
        .hasMessageContaining("does not compile");
  }

  private void image(String name, String aliases) throws Exception {
    Path img = Files.createDirectories(dir.resolve(name));
    Files.writeString(
        img.resolve("manifest.json"),
        """
        {"name": "%s", "language": "x", "version": "1", "framework": "none", "extension": ".x",
         "command": "true", "limits": {}, "aliases": {"cyber_dojo": %s},
         "rules": [{"outcome": "green", "exit_status": [0]}]}"""
            .formatted(name, aliases));
  }

  @Test
  void readsCyberDojoAliasesAsNamesOrAsObjectsWithTheirOwnRules() throws Exception {
    image(
        "py",
        """
        ["cyberdojofoundation/python_pytest", "ghcr.io/cyber-dojo-languages/python_behave:1a2",
         "python_plain",
         {"name": "python_unittest",
          "rules": [{"outcome": "red", "exit_status": [1], "stderr": "(?m)^FAILED"},
                    {"outcome": "green", "exit_status": [0]}]}]""");

    ImageManifest m = ImageCatalogDirectory.load(dir, DEFAULTS, MAX).manifest("py").orElseThrow();

    assertThat(m.cyberDojoAliases())
        .containsExactly("python_pytest", "python_behave", "python_plain", "python_unittest");
    assertThat(m.cyberDojoRules()).containsOnlyKeys("python_unittest");
    assertThat(m.cyberDojoRules().get("python_unittest").id()).startsWith("py/python_unittest@");
    assertThat(m.cyberDojoRules().get("python_unittest").rules()).hasSize(2);
    assertThat(m.spec().rules("python_unittest"))
        .contains(m.cyberDojoRules().get("python_unittest"));
    assertThat(m.spec().rules("")).contains(m.rules());
    assertThat(m.spec().rules("python_pytest"))
        .as("a name alias has no rules of its own")
        .isEmpty();
  }

  @Test
  void refusesBadCyberDojoAliases() throws Exception {
    List<String> bad =
        List.of(
            "\"cyberdojofoundation/x\"",
            "[\"elsewhere/x\"]",
            "[\"Upper\"]",
            "[{\"name\": \"x\"}]",
            "[{\"name\": \"x\", \"rules\": []}]",
            "[{\"rules\": [{\"outcome\": \"green\", \"exit_status\": [0]}]}]",
            "[{\"name\": \"x\", \"rules\": [{\"outcome\": \"green\", \"stdout\": \"(\"}]}]",
            "[\"x\", \"cyberdojofoundation/x:2\"]",
            "[3]");
    for (String aliases : bad) {
      Path one = Files.createDirectories(dir.resolve("case" + bad.indexOf(aliases)));
      Files.writeString(
          one.resolve("manifest.json"),
          """
          {"name": "%s", "language": "x", "version": "1", "framework": "none", "extension": ".x",
           "command": "true", "limits": {}, "aliases": {"cyber_dojo": %s}, "rules": []}"""
              .formatted(one.getFileName(), aliases));
      assertThatThrownBy(() -> ImageCatalogDirectory.load(dir, DEFAULTS, MAX))
          .as(aliases)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(one.resolve("manifest.json").toString());
      deleteTree(one);
    }
  }

  @Test
  void refusesACyberDojoAliasServedByTwoImages() throws Exception {
    image("one", "[\"bash_bats\"]");
    image(
        "two",
        "[{\"name\": \"bash_bats\", \"rules\": [{\"outcome\": \"green\", \"exit_status\": [0]}]}]");

    assertThatThrownBy(() -> ImageCatalogDirectory.load(dir, DEFAULTS, MAX))
        .hasMessage("the cyber_dojo alias 'bash_bats' is served by two images, one and two");
  }

  @Test
  void theRepositoryCatalogServesJudge0sLanguageIdsNamedWithTheImagesVersions() {
    ImageCatalogDirectory c = ImageCatalogDirectory.load(Path.of("images"), DEFAULTS, MAX);
    Map<Integer, String> imageById = new java.util.TreeMap<>();
    for (ImageManifest m : c.manifests()) {
      m.judge0().forEach(l -> imageById.put(l.id(), m.name()));
    }
    assertThat(imageById)
        .containsEntry(46, "bash")
        .containsEntry(48, "c")
        .containsEntry(49, "c")
        .containsEntry(50, "c")
        .containsEntry(45, "nasm")
        .containsEntry(56, "d")
        .containsEntry(59, "fortran")
        .containsEntry(77, "cobol")
        .containsEntry(79, "objective-c")
        .containsEntry(52, "cpp")
        .containsEntry(53, "cpp")
        .containsEntry(54, "cpp")
        .containsEntry(75, "cpp")
        .containsEntry(76, "cpp")
        .containsEntry(60, "go")
        .containsEntry(62, "java")
        .containsEntry(63, "javascript")
        .containsEntry(68, "php")
        .containsEntry(71, "python")
        .containsEntry(72, "ruby")
        .containsEntry(73, "rust")
        .containsEntry(43, "bash")
        .containsEntry(44, "cpp")
        .containsEntry(89, "cpp")
        .containsEntry(55, "common-lisp")
        .containsEntry(66, "octave")
        .containsEntry(67, "pascal")
        .containsEntry(80, "r")
        .containsEntry(51, "csharp")
        .containsEntry(74, "typescript")
        .containsEntry(83, "swift")
        .containsEntry(57, "elixir")
        .containsEntry(58, "erlang")
        .containsEntry(61, "haskell")
        .containsEntry(65, "ocaml")
        .containsEntry(85, "perl")
        .containsEntry(64, "lua")
        .containsEntry(82, "sql")
        .containsEntry(78, "kotlin")
        .containsEntry(81, "scala")
        .containsEntry(86, "clojure")
        .containsEntry(88, "groovy")
        .containsEntry(69, "prolog")
        .hasSize(43);
    ImageManifest python = c.manifest("python").orElseThrow();
    assertThat(python.judge0())
        .containsExactly(new ImageManifest.Judge0Language(71, "Python (3.13)", "script.py"));
    assertThat(python.judge0().getFirst().name()).contains(python.version());
    assertThat(c.manifest("java").orElseThrow().judge0().getFirst().sourceFile())
        .isEqualTo("Main.java");
  }

  private void judge0Image(String name, String judge0) throws Exception {
    Path img = Files.createDirectories(dir.resolve(name));
    Files.writeString(
        img.resolve("manifest.json"),
        """
        {"name": "%s", "language": "x", "version": "1", "framework": "none", "extension": ".x",
         "command": "true", "limits": {}, "program": {"run": "x {file}"},
         "aliases": {"judge0": %s}, "rules": []}"""
            .formatted(name, judge0));
  }

  @Test
  void refusesAJudge0IdServedByTwoImages() throws Exception {
    judge0Image("one", "[{\"id\": 71, \"name\": \"X (1)\", \"source_file\": \"a.x\"}]");
    judge0Image("two", "[{\"id\": 71, \"name\": \"Y (1)\", \"source_file\": \"b.x\"}]");

    assertThatThrownBy(() -> ImageCatalogDirectory.load(dir, DEFAULTS, MAX))
        .hasMessage("the judge0 language id 71 is served by two images, one and two");
  }

  @Test
  void refusesABadJudge0EntryNamingTheManifest() throws Exception {
    List<String> bad =
        List.of(
            "{}",
            "[{\"name\": \"X\", \"source_file\": \"a.x\"}]",
            "[{\"id\": 1.5, \"name\": \"X\", \"source_file\": \"a.x\"}]",
            "[{\"id\": 0, \"name\": \"X\", \"source_file\": \"a.x\"}]",
            "[{\"id\": 7, \"source_file\": \"a.x\"}]",
            "[{\"id\": 7, \"name\": \"X\", \"source_file\": \"../a.x\"}]",
            "[{\"id\": 7, \"name\": \"X\", \"source_file\": \"a.x\"},"
                + " {\"id\": 7, \"name\": \"X\", \"source_file\": \"a.x\"}]");
    for (String judge0 : bad) {
      String name = "case" + bad.indexOf(judge0);
      judge0Image(name, judge0);
      Path one = dir.resolve(name);
      assertThatThrownBy(() -> ImageCatalogDirectory.load(dir, DEFAULTS, MAX))
          .as(judge0)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(one.resolve("manifest.json").toString());
      deleteTree(one);
    }
  }

  @Test
  void leavesTheCyberDojoExercisesAndJudgeSamplesOutOfTheRecipeHash() throws Exception {
    image("img", "[]");
    Path img = dir.resolve("img");
    Files.writeString(img.resolve("Dockerfile"), "FROM scratch\n");
    String before = ManifestReader.recipeHash(img);
    Path exercise = Files.createDirectories(img.resolve("cyber-dojo/x_y/red"));
    Files.writeString(exercise.resolve("cyber-dojo.sh"), "true\n");
    Files.writeString(Files.createDirectories(img.resolve("judge0/71")).resolve("a.x"), "1\n");

    assertThat(ManifestReader.recipeHash(img)).isEqualTo(before);
    Files.writeString(img.resolve("extra.txt"), "in the image\n");
    assertThat(ManifestReader.recipeHash(img)).isNotEqualTo(before);
  }

  @Test
  void theRepositoryCatalogHasAnExerciseForEveryVariantOfEveryAliasWithItsOwnRules() {
    ImageCatalogDirectory c = ImageCatalogDirectory.load(Path.of("images"), DEFAULTS, MAX);
    assertThat(c.manifest("bash").orElseThrow().cyberDojoRules()).containsKey("bash_bats");
    for (ImageManifest m : c.manifests()) {
      for (String alias : m.cyberDojoRules().keySet()) {
        for (String variant : List.of("red", "amber", "green")) {
          assertThat(
                  m.folder()
                      .resolve(ImageManifest.CYBER_DOJO_EXERCISES)
                      .resolve(alias)
                      .resolve(variant)
                      .resolve("cyber-dojo.sh"))
              .as(m.name() + " " + alias + " " + variant)
              .isRegularFile();
        }
      }
    }
  }

  private static void deleteTree(Path root) throws Exception {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
