package dev.runbox.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbox.core.Digests;
import dev.runbox.core.FileSet;
import dev.runbox.core.Limit;
import dev.runbox.core.Limits;
import dev.runbox.core.Outcome;
import dev.runbox.core.Program;
import dev.runbox.core.SandboxFile;
import dev.runbox.core.TrafficLightRule;
import dev.runbox.core.TrafficLightRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Reads and validates one image folder; a bad manifest is refused with the folder and field named.
 */
final class ManifestReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> VARIANTS = Set.of("red", "amber", "green");

  private ManifestReader() {}

  static ImageManifest read(Path folder, Limits defaults) {
    Path file = folder.resolve("manifest.json");
    try {
      JsonNode m = JSON.readTree(file.toFile());
      String name = text(m, "name", file);
      if (!name.equals(folder.getFileName().toString())) {
        throw bad(
            file, "name '" + name + "' differs from its folder '" + folder.getFileName() + "'");
      }
      CyberDojoAliases aliases = cyberDojo(name, m.path("aliases").path("cyber_dojo"), file);
      String image = m.has("image") ? text(m, "image", file) : name;
      if (!image.equals(name) && Files.isRegularFile(folder.resolve("Dockerfile"))) {
        throw bad(
            file,
            "'image' names "
                + image
                + "'s image, yet the folder has a Dockerfile of its own; keep one of the two");
      }
      return new ImageManifest(
          name,
          text(m, "language", file),
          text(m, "version", file),
          text(m, "framework", file),
          text(m, "extension", file),
          text(m, "command", file),
          limits(m.path("limits"), defaults, file),
          aliases.names(),
          aliases.rules(),
          piston(m.path("aliases").path("piston"), file),
          judge0(m.path("aliases").path("judge0"), m.has("program"), file),
          program(m.path("program"), file),
          rules(name, m.path("rules"), file),
          samples(folder),
          folder,
          image,
          image.equals(name) ? recipeHash(folder) : "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (RuntimeException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
        throw e;
      }
      throw bad(file, e.getMessage());
    }
  }

  private static String text(JsonNode m, String field, Path file) {
    JsonNode v = m.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw bad(file, "'" + field + "' is missing or not a string");
    }
    return v.asText();
  }

  /**
   * The manifest's limits over the configured defaults; a limit it leaves out keeps the default.
   */
  private static Limits limits(JsonNode node, Limits defaults, Path file) {
    Map<Limit, Double> values = new EnumMap<>(Limit.class);
    var names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      JsonNode v = node.get(name);
      if (!v.isNumber()) {
        throw bad(file, "limits." + name + " is not a number");
      }
      values.put(Limit.byApiName(name), v.asDouble());
    }
    return defaults.with(values);
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return out;
  }

  private record CyberDojoAliases(List<String> names, Map<String, TrafficLightRules> rules) {}

  /**
   * {@code aliases.cyber_dojo}: each entry a cyber-dojo image name (judged by the image's own
   * rules) or an object {@code {"name": ..., "rules": [...]}} whose rules judge the output of that
   * start point's {@code cyber-dojo.sh}.
   */
  private static CyberDojoAliases cyberDojo(String image, JsonNode node, Path file) {
    List<String> names = new ArrayList<>();
    Map<String, TrafficLightRules> rules = new TreeMap<>();
    if (!node.isMissingNode() && !node.isArray()) {
      throw bad(file, "aliases.cyber_dojo is not a list");
    }
    for (JsonNode entry : node) {
      String name;
      if (entry.isTextual()) {
        name = cyberDojoName(entry.asText(), file);
      } else if (entry.isObject()) {
        name = cyberDojoName(text(entry, "name", file), file);
        JsonNode r = entry.path("rules");
        if (!r.isArray() || r.isEmpty()) {
          throw bad(file, "the cyber_dojo alias '" + name + "' has no rules");
        }
        rules.put(name, rules(image + "/" + name, r, file));
      } else {
        throw bad(file, "an aliases.cyber_dojo entry is neither a name nor an object");
      }
      if (names.contains(name)) {
        throw bad(file, "the cyber_dojo alias '" + name + "' is listed twice");
      }
      names.add(name);
    }
    return new CyberDojoAliases(names, rules);
  }

  /**
   * The bare cyber-dojo name of a manifest entry: {@code python_pytest}, as written or after one of
   * cyber-dojo's prefixes and without a tag.
   */
  private static String cyberDojoName(String written, Path file) {
    return CyberDojoNames.bare(written)
        .orElseThrow(
            () ->
                bad(
                    file,
                    "cyber_dojo alias '"
                        + written
                        + "' is not a cyber-dojo image name (a bare name, or one under "
                        + String.join(" or ", CyberDojoNames.PREFIXES)
                        + ")"));
  }

  private static Optional<ImageManifest.PistonName> piston(JsonNode node, Path file) {
    if (node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    Templates t = templates(node, "aliases.piston", file);
    return Optional.of(
        new ImageManifest.PistonName(
            node.path("language").asText(), strings(node.path("aliases")), t.compile(), t.run()));
  }

  /**
   * {@code aliases.judge0}: a list of {@code {"id": 71, "name": "Python (3.13)", "source_file":
   * "script.py"}}, each a Judge0 CE language id this image serves. An entry may say how it compiles
   * and runs ({@code compile}, {@code run}, as a {@code program} entry does); one that does not
   * needs the image's {@code program} entry.
   */
  private static List<ImageManifest.Judge0Language> judge0(
      JsonNode node, boolean hasProgram, Path file) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw bad(file, "aliases.judge0 is not a list");
    }
    List<ImageManifest.Judge0Language> out = new ArrayList<>();
    for (JsonNode entry : node) {
      Optional<Program> own = Optional.empty();
      if (entry.isObject() && (entry.has("run") || entry.has("compile"))) {
        Templates t = templates(entry, "aliases.judge0", file);
        if (t.run().isBlank()) {
          throw bad(file, "an aliases.judge0 entry with a compile command has no run command");
        }
        own = Optional.of(new Program(t.compile(), t.run()));
      } else if (!hasProgram) {
        throw bad(file, "aliases.judge0 needs a program entry to compile and run the source code");
      }
      JsonNode id = entry.get("id");
      if (!entry.isObject() || id == null || !id.canConvertToInt() || !id.isIntegralNumber()) {
        throw bad(file, "an aliases.judge0 entry has no whole-number id");
      }
      if (id.asInt() < 1) {
        throw bad(file, "the judge0 id " + id.asInt() + " is not positive");
      }
      String sourceFile = text(entry, "source_file", file);
      if (!sourceFile.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
        throw bad(file, "the judge0 source_file '" + sourceFile + "' is not a plain file name");
      }
      if (out.stream().anyMatch(l -> l.id() == id.asInt())) {
        throw bad(file, "the judge0 id " + id.asInt() + " is listed twice");
      }
      out.add(
          new ImageManifest.Judge0Language(id.asInt(), text(entry, "name", file), sourceFile, own));
    }
    return out;
  }

  /**
   * {@code program}: how judge mode compiles (optional) and runs one program, written as Piston's
   * alias writes its {@code compile} and {@code run}; nothing else is allowed in it.
   */
  private static Optional<Program> program(JsonNode node, Path file) {
    if (node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw bad(file, "program is not an object");
    }
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!f.equals("compile") && !f.equals("run")) {
                throw bad(file, "program has an unknown field '" + f + "' (known: compile, run)");
              }
            });
    Templates t = templates(node, "program", file);
    if (t.run().isBlank()) {
      throw bad(file, "program.run is missing");
    }
    return Optional.of(new Program(t.compile(), t.run()));
  }

  /** A compile and a run command template; either is empty when left out. */
  private record Templates(String compile, String run) {}

  private static Templates templates(JsonNode node, String where, Path file) {
    return new Templates(
        template(node, "compile", where, file), template(node, "run", where, file));
  }

  private static String template(JsonNode node, String field, String where, Path file) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw bad(file, where + "." + field + " is not a string");
    }
    return v.asText();
  }

  private static TrafficLightRules rules(String name, JsonNode node, Path file) {
    List<TrafficLightRule> rules = new ArrayList<>();
    for (JsonNode r : node) {
      Set<Integer> statuses = new HashSet<>();
      r.path("exit_status").forEach(s -> statuses.add(s.asInt()));
      rules.add(
          new TrafficLightRule(
              Outcome.ofApiName(r.path("outcome").asText()),
              statuses,
              pattern(r, "stdout", file),
              pattern(r, "stderr", file),
              pattern(r, "output", file)));
    }
    return new TrafficLightRules(
        name
            + "@"
            + Digests.sha256(node.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12),
        rules);
  }

  private static Optional<Pattern> pattern(JsonNode rule, String field, Path file) {
    JsonNode v = rule.get(field);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Pattern.compile(v.asText()));
    } catch (PatternSyntaxException e) {
      throw bad(file, "rule pattern '" + field + "' does not compile: " + e.getDescription());
    }
  }

  private static Map<String, FileSet> samples(Path folder) throws IOException {
    Map<String, FileSet> out = new TreeMap<>();
    Path root = folder.resolve("sample");
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> variants = Files.list(root)) {
      for (Path v : variants.filter(Files::isDirectory).toList()) {
        String variant = v.getFileName().toString();
        if (VARIANTS.contains(variant)) {
          out.put(variant, filesUnder(v));
        }
      }
    }
    return out;
  }

  static FileSet filesUnder(Path dir) throws IOException {
    List<SandboxFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        String rel = dir.relativize(p).toString();
        files.add(new SandboxFile(rel, Files.readAllBytes(p), Files.isExecutable(p)));
      }
    }
    return new FileSet(files);
  }

  /**
   * Hash of everything that goes into the image: the Dockerfile and any other file beside it,
   * samples, cyber-dojo exercises, judge samples and Piston samples aside. A file fetched at build
   * time and pinned by a {@code *.sha256} file beside the Dockerfile counts through its pin, so
   * that the recipe is the same before and after the fetch.
   */
  static String recipeHash(Path folder) throws IOException {
    MessageDigest sha = Digests.newSha256();
    Set<Path> pinned = pinnedFiles(folder);
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        Path rel = folder.relativize(p);
        if (rel.startsWith("sample")
            || rel.startsWith(ImageManifest.CYBER_DOJO_EXERCISES)
            || rel.startsWith(ImageManifest.JUDGE0_SAMPLES)
            || rel.startsWith(ImageManifest.PISTON_SAMPLES)
            || rel.toString().equals("manifest.json")
            || pinned.contains(rel)) {
          continue;
        }
        sha.update(rel.toString().getBytes(StandardCharsets.UTF_8));
        sha.update(Files.readAllBytes(p));
      }
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
  }

  /** The files that {@code sha256sum} lines in the folder's {@code *.sha256} files name. */
  private static Set<Path> pinnedFiles(Path folder) throws IOException {
    Set<Path> pinned = new HashSet<>();
    try (Stream<Path> pins = Files.list(folder)) {
      for (Path pin : pins.filter(p -> p.getFileName().toString().endsWith(".sha256")).toList()) {
        for (String line : Files.readAllLines(pin, StandardCharsets.UTF_8)) {
          String[] hashAndName = line.trim().split("\\s+\\*?", 2);
          if (hashAndName.length == 2) {
            pinned.add(Path.of(hashAndName[1]).normalize());
          }
        }
      }
    }
    return pinned;
  }

  private static IllegalArgumentException bad(Path file, String why) {
    return new IllegalArgumentException(file + ": " + why);
  }
}
