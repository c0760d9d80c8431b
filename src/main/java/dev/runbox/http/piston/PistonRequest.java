package dev.runbox.http.piston;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.FileSet;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Limit;
import dev.runbox.core.Limits;
import dev.runbox.core.SandboxFile;
import dev.runbox.http.JsonObjects;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The body of Piston's {@code POST /api/v2/execute}. Limits come in Piston's units (milliseconds,
 * bytes; -1 or absent for the default) and are turned into runbox's (seconds and MiB, rounded up);
 * a value above the configured maximum is refused in Piston's units, never clamped.
 */
record PistonRequest(
    String language,
    String version,
    List<PistonRequest.File> files,
    String stdin,
    List<String> args,
    Map<Limit, Double> compileLimits,
    Map<Limit, Double> runLimits) {
  private static final long MIB = 1024L * 1024L;

  PistonRequest {
    files = List.copyOf(files);
    args = List.copyOf(args);
    compileLimits = Map.copyOf(compileLimits);
    runLimits = Map.copyOf(runLimits);
  }

  /** A file as sent; {@code name} is empty when none was given. */
  record File(String name, byte[] content) {
    File {
      content = content.clone();
    }
  }

  static PistonRequest of(JsonNode body, Limits maximum) {
    String language =
        JsonObjects.text(body, "language")
            .orElseThrow(
                () -> new InvalidRequestException("language", "language is required as a string"));
    String version = JsonObjects.text(body, "version").orElse("*");
    return new PistonRequest(
        language,
        version,
        files(body.get("files")),
        JsonObjects.text(body, "stdin").orElse(""),
        args(body.get("args")),
        limits(body, "compile", maximum),
        limits(body, "run", maximum));
  }

  /**
   * The files with names: an unnamed first file is {@code Main<ext>}, a later one {@code
   * file<i><ext>}.
   */
  FileSet fileSet(String extension) {
    List<SandboxFile> out = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      File f = files.get(i);
      String name = !f.name().isEmpty() ? f.name() : (i == 0 ? "Main" : "file" + i) + extension;
      out.add(new SandboxFile(name, f.content(), false));
    }
    return new FileSet(out);
  }

  private static List<File> files(JsonNode files) {
    if (files == null || !files.isArray() || files.isEmpty()) {
      throw new InvalidRequestException("files", "files is required as a non-empty array");
    }
    List<File> out = new ArrayList<>();
    for (JsonNode f : files) {
      if (!f.isObject()) {
        throw new InvalidRequestException("files", "each file must be an object with 'content'");
      }
      String content =
          JsonObjects.text(f, "content")
              .orElseThrow(
                  () ->
                      new InvalidRequestException(
                          "files", "file " + out.size() + " has no string 'content'"));
      String name = JsonObjects.text(f, "name").orElse("");
      out.add(
          new File(
              name, decode(content, JsonObjects.text(f, "encoding").orElse("utf8"), out.size())));
    }
    return out;
  }

  private static byte[] decode(String content, String encoding, int index) {
    try {
      return switch (encoding) {
        case "utf8" -> content.getBytes(StandardCharsets.UTF_8);
        case "base64" -> Base64.getDecoder().decode(content.replaceAll("\\s", ""));
        case "hex" -> HexFormat.of().parseHex(content.strip());
        default ->
            throw new InvalidRequestException(
                "files",
                "file " + index + ": encoding must be utf8, base64 or hex, not '" + encoding + "'");
      };
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "files", "file " + index + ": the content is not valid " + encoding);
    }
  }

  private static List<String> args(JsonNode args) {
    if (args == null || args.isNull()) {
      return List.of();
    }
    if (!args.isArray()) {
      throw new InvalidRequestException("args", "args must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode a : args) {
      if (!a.isTextual() || a.asText().indexOf('\0') >= 0) {
        throw new InvalidRequestException(
            "args", "args must be an array of strings without NUL characters");
      }
      out.add(a.asText());
    }
    return out;
  }

  private static Map<Limit, Double> limits(JsonNode body, String stage, Limits maximum) {
    Map<Limit, Double> out = new EnumMap<>(Limit.class);
    put(out, body, stage + "_timeout", Limit.TIME_S, 1000, maximum);
    put(out, body, stage + "_memory_limit", Limit.MEMORY_MIB, MIB, maximum);
    return out;
  }

  private static void put(
      Map<Limit, Double> out, JsonNode body, String field, Limit limit, long unit, Limits maximum) {
    OptionalLong sent = JsonObjects.whole(body, field);
    if (sent.isEmpty() || sent.getAsLong() == -1) {
      return;
    }
    long value = sent.getAsLong();
    long max = (long) (limit.valueIn(maximum).doubleValue() * unit);
    long min = (long) (limit.minimum() * unit);
    if (value > max) {
      throw new InvalidRequestException(
          field, field + " " + value + " is above the maximum " + max);
    }
    if (value < 1) {
      throw new InvalidRequestException(
          field, field + " must be positive, or -1 for the default; got " + value);
    }
    long rounded = (value + unit - 1) / unit;
    if (rounded < limit.minimum()) {
      throw new InvalidRequestException(
          field, field + " " + value + " is below the minimum " + min);
    }
    out.put(limit, (double) rounded);
  }
}
