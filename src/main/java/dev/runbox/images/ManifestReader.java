package dev.runbox.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbox.core.Digests;
import dev.runbox.core.FileSet;
import dev.runbox.core.Limit;
import dev.runbox.core.Limits;
import dev.runbox.core.Outcome;
import dev.runbox.core.SandboxFile;
import dev.runbox.core.TrafficLightRule;
import dev.runbox.core.TrafficLightRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
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
      return new ImageManifest(
          name,
          text(m, "language", file),
          text(m, "version", file),
          text(m, "framework", file),
          text(m, "extension", file),
          text(m, "command", file),
          limits(m.path("limits"), defaults, file),
          strings(m.path("aliases").path("cyber_dojo")),
          piston(m.path("aliases").path("piston")),
          rules(name, m.path("rules"), file),
          samples(folder),
          folder,
          recipeHash(folder));
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

  private static Optional<ImageManifest.PistonName> piston(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    return Optional.of(
        new ImageManifest.PistonName(
            node.path("language").asText(),
            strings(node.path("aliases")),
            node.path("compile").asText(""),
            node.path("run").asText("")));
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
            + Digests.sha256(node.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .substring(0, 12),
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
   * samples aside.
   */
  static String recipeHash(Path folder) throws IOException {
    java.security.MessageDigest sha = Digests.newSha256();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        Path rel = folder.relativize(p);
        if (rel.startsWith("sample") || rel.toString().equals("manifest.json")) {
          continue;
        }
        sha.update(rel.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update(Files.readAllBytes(p));
      }
    }
    return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
  }

  private static IllegalArgumentException bad(Path file, String why) {
    return new IllegalArgumentException(file + ": " + why);
  }
}
