package dev.runbox.images;

import static dev.runbox.images.CatalogTest.DEFAULTS;
import static dev.runbox.images.CatalogTest.MAX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code program} entry of a manifest: how judge mode compiles and runs one program. */
class ProgramManifestTest {
  private static final Set<String> COMPILED =
      Set.of(
          "c",
          "cpp",
          "go",
          "java",
          "rust",
          "nasm",
          "d",
          "fortran",
          "cobol",
          "objective-c",
          "ada",
          "pascal",
          "csharp",
          "swift",
          "typescript",
          "erlang",
          "haskell",
          "ocaml",
          "kotlin",
          "scala",
          "groovy",
          "prolog",
          "crystal");

  @TempDir Path dir;

  @Test
  void everyRepositoryImageRunsAProgramAndCompiledOnesCompileItIntoTheSandbox() {
    ImageCatalogDirectory c = ImageCatalogDirectory.load(Path.of("images"), DEFAULTS, MAX);
    for (ImageManifest m : c.manifests()) {
      Program p = m.program().orElseThrow(() -> new AssertionError(m.name() + " has no program"));
      assertThat(m.spec().program()).as(m.name()).contains(p);
      if (COMPILED.contains(m.name())) {
        assertThat(p.compileTemplate()).as(m.name() + " compile").isPresent();
        assertThat(p.compile()).as(m.name()).contains(".runbox-").doesNotContain("/tmp");
        assertThat(p.run()).as(m.name()).contains(".runbox-");
      } else {
        assertThat(p.compileTemplate()).as(m.name() + " compile").isEmpty();
        assertThat(p.run()).as(m.name()).contains("{file}");
      }
    }
  }

  private Optional<Program> read(String program) throws Exception {
    Path img = Files.createDirectories(dir.resolve("x"));
    Files.writeString(
        img.resolve("manifest.json"),
        """
        {"name": "x", "language": "x", "version": "1", "framework": "none", "extension": ".x",
         "command": "true", "limits": {}, %s "aliases": {}, "rules": []}"""
            .formatted(program.isEmpty() ? "" : "\"program\": " + program + ","));
    return ImageCatalogDirectory.load(dir, DEFAULTS, MAX).manifest("x").orElseThrow().program();
  }

  @Test
  void readsACompileAndARunCommand() throws Exception {
    assertThat(read("{\"compile\": \"cc -o .runbox-prog {file}\", \"run\": \"./.runbox-prog\"}"))
        .contains(new Program("cc -o .runbox-prog {file}", "./.runbox-prog"));
  }

  @Test
  void readsAProgramWithoutACompileCommandAsInterpreted() throws Exception {
    assertThat(read("{\"run\": \"x {file}\"}")).contains(Program.interpreted("x {file}"));
  }

  @Test
  void anImageWithoutAProgramEntryHasNoProgram() throws Exception {
    assertThat(read("")).isEmpty();
    assertThat(read("null")).isEmpty();
  }

  @Test
  void refusesAProgramWithoutARunCommand() {
    assertThatThrownBy(() -> read("{\"compile\": \"cc x.c\"}"))
        .hasMessageContaining("program.run is missing");
  }

  @Test
  void refusesAnUnknownFieldInAProgram() {
    assertThatThrownBy(() -> read("{\"run\": \"x\", \"complie\": \"cc\"}"))
        .hasMessageContaining("unknown field 'complie'");
  }

  @Test
  void refusesACommandThatIsNotAString() {
    assertThatThrownBy(() -> read("{\"run\": [\"x\"]}"))
        .hasMessageContaining("program.run is not a string");
  }

  @Test
  void refusesAProgramThatIsNotAnObject() {
    assertThatThrownBy(() -> read("\"x {file}\"")).hasMessageContaining("program is not an object");
  }
}
