package dev.runbox.images;

import dev.runbox.core.FileSet;
import dev.runbox.core.ImageSpec;
import dev.runbox.core.Limits;
import dev.runbox.core.Program;
import dev.runbox.core.TrafficLightRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One image of the catalog, read from {@code images/<name>/manifest.json}: what it is, how to run
 * it, its traffic-light rules and its sample exercise.
 *
 * @param cyberDojoAliases the bare cyber-dojo image names ({@code python_pytest}) this image serves
 * @param cyberDojoRules the rules of the aliases that have their own, by bare name: they judge the
 *     output of that start point's {@code cyber-dojo.sh}; an alias without them is judged by the
 *     image's own rules
 * @param judge0 the Judge0 CE language ids this image serves, from the manifest's {@code
 *     aliases.judge0} (unique across the catalog); empty when it serves none
 * @param program how a program is compiled and run in this image (judge mode), from the manifest's
 *     {@code program} entry; empty when it has none
 * @param samples sample exercise variants by name (red, amber, green)
 * @param image the catalog folder whose Dockerfile builds the image this language runs on: its own
 *     name, or (manifest field {@code image}) another folder's, for a language that shares a family
 *     image (Kotlin on {@code java}'s JVM image) and has no Dockerfile of its own
 * @param recipeHash hash of the image's folder recipe (Dockerfile and files beside it), the label
 *     that makes builds idempotent; for a language on another folder's image, that folder's hash
 */
public record ImageManifest(
    String name,
    String language,
    String version,
    String framework,
    String extension,
    String command,
    Limits limits,
    List<String> cyberDojoAliases,
    Map<String, TrafficLightRules> cyberDojoRules,
    Optional<PistonName> piston,
    List<Judge0Language> judge0,
    Optional<Program> program,
    TrafficLightRules rules,
    Map<String, FileSet> samples,
    Path folder,
    String image,
    String recipeHash) {
  public static final String IMAGE_PREFIX = "runbox/";

  /**
   * The folder beside the manifest that holds, for each alias with its own rules, the exercises
   * {@code <name>/{red,amber,green}/} shaped like that start point.
   */
  public static final String CYBER_DOJO_EXERCISES = "cyber-dojo";

  /**
   * The folder beside the manifest that holds, for each Judge0 language id the image serves, a
   * judge sample {@code <id>/}: the program in a file named as the entry's source file, which the
   * tests judge through the Judge0 API (not part of the image).
   */
  public static final String JUDGE0_SAMPLES = "judge0";

  /**
   * The folder beside the manifest that holds, for an image with a Piston name that runs programs,
   * its Piston sample: one source file that prints {@code OK} and a line break, which the tests run
   * through {@code POST /api/v2/execute} (not part of the image).
   */
  public static final String PISTON_SAMPLES = "piston";

  public ImageManifest {
    cyberDojoAliases = List.copyOf(cyberDojoAliases);
    cyberDojoRules = Map.copyOf(cyberDojoRules);
    judge0 = List.copyOf(judge0);
    samples = Map.copyOf(samples);
  }

  /**
   * Piston's name for the language and its aliases, and how Piston's execute runs a program: {@code
   * compile} (empty when the language is not compiled) and {@code run}, shell command templates in
   * which {@code {file}} stands for the first file and {@code {name}} for its name without folder
   * and extension (both single-quoted when substituted). {@code run} is empty when the image cannot
   * run a program.
   */
  public record PistonName(String language, List<String> aliases, String compile, String run) {
    public PistonName {
      aliases = List.copyOf(aliases);
    }

    public PistonName(String language, List<String> aliases) {
      this(language, aliases, "", "");
    }

    public Optional<String> compileCommand() {
      return compile.isBlank() ? Optional.empty() : Optional.of(compile);
    }

    public Optional<String> runCommand() {
      return run.isBlank() ? Optional.empty() : Optional.of(run);
    }
  }

  /**
   * One Judge0 CE language this image serves: the id clients hard-code, the name {@code GET
   * /languages} shows (with the image's real version) and the file the source code is written to.
   *
   * @param program how this language compiles and runs, when not as the image's {@code program}
   */
  public record Judge0Language(int id, String name, String sourceFile, Optional<Program> program) {
    /** A language compiled and run as the image's {@code program} says. */
    public Judge0Language(int id, String name, String sourceFile) {
      this(id, name, sourceFile, Optional.empty());
    }
  }

  /** The engine's reference for the image this language runs on. */
  public String ref() {
    return IMAGE_PREFIX + image + ":latest";
  }

  /** Whether this folder's own Dockerfile builds the image (not a language on a family image). */
  public boolean ownsImage() {
    return image.equals(name);
  }

  /** This manifest on its family image, whose recipe hash it now carries. */
  ImageManifest on(ImageManifest family) {
    return new ImageManifest(
        name,
        language,
        version,
        framework,
        extension,
        command,
        limits,
        cyberDojoAliases,
        cyberDojoRules,
        piston,
        judge0,
        program,
        rules,
        samples,
        folder,
        family.name(),
        family.recipeHash());
  }

  public ImageSpec spec() {
    return new ImageSpec(name, ref(), command, limits, rules, cyberDojoRules, program);
  }
}
