package dev.runbox.http.judge0;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.runbox.core.Program;
import dev.runbox.images.ImageManifest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Judge0 languages the catalog serves, from the manifests' {@code aliases.judge0} entries:
 * listed by name as Judge0's database sorts them (letters and digits first, case and punctuation
 * aside), then by id.
 */
final class Judge0Languages {
  /** One language: its id and name, the image that runs it and the file its source goes to. */
  record Language(int id, String name, String sourceFile, ImageManifest image, Program program) {
    /** Judge0's "Multi-file program": no source code, the files and scripts in a zip. */
    boolean project() {
      return name.equals("Multi-file program");
    }

    Brief brief() {
      return new Brief(id, name);
    }

    Details details() {
      if (project()) {
        return new Details(id, name, false, null, null, null);
      }
      String base =
          sourceFile.contains(".")
              ? sourceFile.substring(0, sourceFile.lastIndexOf('.'))
              : sourceFile;
      return new Details(
          id,
          name,
          false,
          sourceFile,
          program.compile().isBlank() ? null : fill(program.compile(), base),
          fill(program.run(), base));
    }

    private String fill(String template, String base) {
      return template
          .replace(Program.OPTIONS, "%s")
          .replace("{file}", sourceFile)
          .replace("{name}", base);
    }
  }

  /** As {@code GET /languages} lists it, and as the submission's {@code language}. */
  record Brief(@JsonProperty("id") int id, @JsonProperty("name") String name) {}

  /** As {@code GET /languages/all} lists it. */
  record Listed(
      @JsonProperty("id") int id,
      @JsonProperty("name") String name,
      @JsonProperty("is_archived") boolean isArchived) {}

  /** As {@code GET /languages/{id}} shows it. */
  record Details(
      @JsonProperty("id") int id,
      @JsonProperty("name") String name,
      @JsonProperty("is_archived") boolean isArchived,
      @JsonProperty("source_file") String sourceFile,
      @JsonProperty("compile_cmd") String compileCmd,
      @JsonProperty("run_cmd") String runCmd) {}

  private static final Comparator<Language> ORDER =
      Comparator.comparing((Language l) -> collationKey(l.name()))
          .thenComparing(Language::name)
          .thenComparingInt(Language::id);

  private final List<Language> languages;

  Judge0Languages(List<ImageManifest> manifests) {
    List<Language> out = new ArrayList<>();
    for (ImageManifest m : manifests) {
      for (ImageManifest.Judge0Language l : m.judge0()) {
        l.program()
            .or(m::program)
            .ifPresent(p -> out.add(new Language(l.id(), l.name(), l.sourceFile(), m, p)));
      }
    }
    out.sort(ORDER);
    this.languages = List.copyOf(out);
  }

  List<Brief> active() {
    return languages.stream().map(Language::brief).toList();
  }

  List<Listed> all() {
    return languages.stream().map(l -> new Listed(l.id(), l.name(), false)).toList();
  }

  Optional<Language> find(int id) {
    return languages.stream().filter(l -> l.id() == id).findFirst();
  }

  /** The name's letters and digits in lower case: how a database collation orders names first. */
  static String collationKey(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
  }
}
