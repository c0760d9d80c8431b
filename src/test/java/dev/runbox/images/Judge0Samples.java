package dev.runbox.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The judge samples of the catalog: for each Judge0 language id an image serves, {@code
 * images/<image>/judge0/<id>/} holds a program, in a file named as the entry's {@code source_file},
 * that reads two whole numbers from one line of stdin and prints their sum and a line break. An
 * optional {@code tests.json} ({@code [{"name", "stdin", "expected_output"}]}) replaces the default
 * tests where the language cannot add (Plain Text). For a Multi-file program the folder's files are
 * the archive's. For a language whose source is a binary (Executable), the folder holds instead the
 * C program {@code <source_file>.c} that the binary is built from.
 */
public final class Judge0Samples {
  public static final String TESTS = "tests.json";

  /** How the source of a language whose source is a binary is named: {@code <source_file>.c}. */
  public static final String C_SOURCE = ".c";

  /** Judge0's name of the language that takes no source code, only the archive. */
  public static final String PROJECT = "Multi-file program";

  /** The tests of a sample without {@code tests.json}. */
  public static final List<Case> DEFAULT_TESTS =
      List.of(
          new Case("1 2", "1 2\n", "3\n"),
          new Case("20 22", "20 22\n", "42\n"),
          new Case("-5 5", "-5 5\n", "0\n"));

  private static final ObjectMapper JSON = new ObjectMapper();

  private Judge0Samples() {}

  /** One test of a sample. */
  public record Case(String name, String stdin, String expectedOutput) {}

  /** The sample of one Judge0 language, in {@code folder} (which may be missing). */
  public record Sample(ImageManifest image, ImageManifest.Judge0Language language, Path folder) {
    public int id() {
      return language.id();
    }

    /** Multi-file program: the folder's files go into the archive, there is no source code. */
    public boolean project() {
      return language.name().equals(PROJECT);
    }

    /** The source is a binary, built from {@code <source_file>.c}. */
    public boolean builtFromC() {
      return !Files.isRegularFile(folder.resolve(language.sourceFile()))
          && Files.isRegularFile(cSource());
    }

    /** The C program a binary source is built from. */
    public Path cSource() {
      return folder.resolve(language.sourceFile() + C_SOURCE);
    }

    public Path source() {
      return folder.resolve(language.sourceFile());
    }

    /** The folder's files by name, {@code tests.json} aside. */
    public Map<String, byte[]> files() {
      Map<String, byte[]> out = new LinkedHashMap<>();
      try (Stream<Path> list = Files.list(folder)) {
        for (Path p : list.filter(Files::isRegularFile).sorted().toList()) {
          String name = p.getFileName().toString();
          if (!name.equals(TESTS)) {
            out.put(name, Files.readAllBytes(p));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out;
    }

    /** Its {@code tests.json}, else the default three tests. */
    public List<Case> tests() {
      Path file = folder.resolve(TESTS);
      if (!Files.isRegularFile(file)) {
        return DEFAULT_TESTS;
      }
      try {
        JsonNode all = JSON.readTree(file.toFile());
        if (!all.isArray() || all.isEmpty()) {
          throw new IllegalArgumentException(file + ": not a list of tests");
        }
        List<Case> out = new ArrayList<>();
        for (JsonNode t : all) {
          Set<String> keys = new TreeSet<>();
          t.fieldNames().forEachRemaining(keys::add);
          if (!keys.equals(Set.of("name", "stdin", "expected_output"))
              || !t.get("name").isTextual()
              || !t.get("stdin").isTextual()
              || !t.get("expected_output").isTextual()) {
            throw new IllegalArgumentException(
                file + ": a test is not {\"name\", \"stdin\", \"expected_output\"} as text: " + t);
          }
          out.add(
              new Case(
                  t.get("name").asText(),
                  t.get("stdin").asText(),
                  t.get("expected_output").asText()));
        }
        return List.copyOf(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The repository's catalog. */
  public static ImageCatalogDirectory repository() {
    return ImageCatalogDirectory.load(Path.of("images"), CatalogTest.DEFAULTS, CatalogTest.MAX);
  }

  /** The sample of every Judge0 language the catalog serves, by id. */
  public static List<Sample> of(ImageCatalogDirectory catalog) {
    List<Sample> out = new ArrayList<>();
    for (ImageManifest m : catalog.manifests()) {
      for (ImageManifest.Judge0Language l : m.judge0()) {
        out.add(
            new Sample(
                m, l, m.folder().resolve(ImageManifest.JUDGE0_SAMPLES).resolve(enc(l.id()))));
      }
    }
    out.sort(java.util.Comparator.comparingInt(Sample::id));
    return List.copyOf(out);
  }

  /**
   * What is wrong with the catalog's judge samples, one line each: a Judge0 language without a
   * sample folder, a folder without the entry's source file (or the C program it is built from) or
   * with a {@code tests.json} that cannot be read, and a folder under {@code judge0/} that names no
   * id its image serves.
   */
  public static List<String> problems(ImageCatalogDirectory catalog) {
    List<String> out = new ArrayList<>();
    for (Sample s : of(catalog)) {
      String what = s.image().name() + " judge0 " + s.id() + " (" + s.language().name() + ")";
      if (!Files.isDirectory(s.folder())) {
        out.add(what + ": no sample folder " + s.folder());
        continue;
      }
      if (!Files.isRegularFile(s.source()) && !Files.isRegularFile(s.cSource())) {
        out.add(what + ": the sample folder has no " + s.language().sourceFile());
      }
      try {
        s.tests();
      } catch (RuntimeException e) {
        out.add(what + ": " + e.getMessage());
      }
    }
    for (ImageManifest m : catalog.manifests()) {
      Path root = m.folder().resolve(ImageManifest.JUDGE0_SAMPLES);
      if (!Files.isDirectory(root)) {
        continue;
      }
      Set<String> served = new TreeSet<>();
      m.judge0().forEach(l -> served.add(enc(l.id())));
      try (Stream<Path> list = Files.list(root)) {
        for (Path p : list.sorted().toList()) {
          String name = p.getFileName().toString();
          if (!served.contains(name)) {
            out.add(m.name() + ": " + p + " names no Judge0 id this image serves");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static String enc(int id) {
    return Integer.toString(id);
  }
}
