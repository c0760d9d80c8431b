package dev.runbox.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
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
    for (ImageManifest m : c.manifests()) {
      if (!m.name().equals("tiny")) {
        assertThat(m.rules().rules()).as(m.name() + " rules").isNotEmpty();
        assertThat(m.samples()).as(m.name() + " samples").containsOnlyKeys("red", "amber", "green");
        assertThat(m.cyberDojoAliases()).as(m.name()).isNotEmpty();
      }
      assertThat(m.ref()).isEqualTo("runbox/" + m.name() + ":latest");
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
}
