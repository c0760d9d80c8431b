package dev.runbox.http.cyberdojo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.Command;
import dev.runbox.core.FileSet;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Limit;
import dev.runbox.core.Limits;
import dev.runbox.core.RunEnvironment;
import dev.runbox.core.RunRequest;
import dev.runbox.core.SandboxFile;
import dev.runbox.http.JsonObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The arguments of cyber-dojo's {@code run_cyber_dojo_sh(id, files, manifest)} as a runbox request,
 * run as cyber-dojo's runner runs it: {@code bash ./cyber-dojo.sh} in /sandbox, with {@code
 * CYBER_DOJO_SANDBOX}, {@code CYBER_DOJO_IMAGE_NAME} and {@code CYBER_DOJO_ID} set and runbox's own
 * {@code cyber_dojo_fs_cleaners.sh} in the home folder. A file set without {@code cyber-dojo.sh}
 * still runs, and fails as bash does. Only {@code manifest.image_name} and {@code
 * manifest.max_seconds} are read; every other manifest key (a {@code rag_lambda} among them) is
 * ignored: verdicts come from the catalog's rules alone.
 *
 * @param id cyber-dojo's id, for tracing only
 */
record CyberDojoRun(String id, RunRequest request) {
  static final String COMMAND = "bash ./cyber-dojo.sh";
  static final String SANDBOX = "/sandbox";
  static final String CLEANERS = "cyber_dojo_fs_cleaners.sh";

  /** runbox's own helpers, written into the home folder of every run; never the request's. */
  private static final FileSet HOME_FILES =
      new FileSet(List.of(new SandboxFile(CLEANERS, resource(CLEANERS), false)));

  static CyberDojoRun of(JsonNode body, CyberDojoImages images, Limits maximum) {
    List<String> missing = new ArrayList<>();
    for (String argument : List.of("files", "manifest")) {
      if (body.path(argument).isMissingNode() || body.path(argument).isNull()) {
        missing.add(argument);
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidRequestException(
          missing.get(0), "missing arguments: " + String.join(", ", missing));
    }
    String id = JsonObjects.text(body, "id").orElse("");
    JsonNode manifest = object(body, "manifest");
    String imageName =
        JsonObjects.text(manifest, "image_name")
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "manifest.image_name", "manifest.image_name is missing"));
    CyberDojoImages.Target target = images.target(imageName);
    FileSet files = files(object(body, "files"));
    return new CyberDojoRun(
        id,
        new RunRequest(
            target.image(),
            files,
            new Command.Shell(COMMAND),
            new byte[0],
            maxSeconds(manifest, maximum),
            environment(imageName, id),
            target.ruleSet()));
  }

  /** The variables cyber-dojo's runner sets, the image name and the id exactly as sent. */
  static RunEnvironment environment(String imageName, String id) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("CYBER_DOJO_SANDBOX", SANDBOX);
    variables.put("CYBER_DOJO_IMAGE_NAME", imageName);
    variables.put("CYBER_DOJO_ID", id);
    return new RunEnvironment(variables, HOME_FILES);
  }

  private static byte[] resource(String name) {
    try (InputStream in = CyberDojoRun.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            name + " is missing from the classpath beside " + CyberDojoRun.class.getName());
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " from the classpath", e);
    }
  }

  private static JsonNode object(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (!v.isObject()) {
      throw new InvalidRequestException(field, "'" + field + "' must be a JSON object");
    }
    return v;
  }

  /**
   * name → content, where content is a string or, as older cyber-dojo versions send, {"content":
   * "..."}.
   */
  private static FileSet files(JsonNode files) {
    List<SandboxFile> out = new ArrayList<>();
    files
        .properties()
        .forEach(
            e -> {
              JsonNode v = e.getValue();
              JsonNode content = v.isObject() ? v.get("content") : v;
              if (content == null || !content.isTextual()) {
                throw new InvalidRequestException(
                    "files",
                    "the content of '"
                        + e.getKey()
                        + "' must be a string or an object with a string 'content'");
              }
              out.add(
                  new SandboxFile(
                      e.getKey(), content.asText().getBytes(StandardCharsets.UTF_8), false));
            });
    return new FileSet(out);
  }

  private static Map<Limit, Double> maxSeconds(JsonNode manifest, Limits maximum) {
    OptionalLong seconds = JsonObjects.whole(manifest, "max_seconds");
    if (seconds.isEmpty()) {
      return Map.of();
    }
    long s = seconds.getAsLong();
    if (s < 1) {
      throw new InvalidRequestException(
          "manifest.max_seconds", "max_seconds must be at least 1, got " + s);
    }
    if (s > maximum.timeSeconds()) {
      throw new InvalidRequestException(
          "manifest.max_seconds",
          "max_seconds "
              + s
              + " is above the maximum "
              + maximum.timeSeconds()
              + " of this runbox");
    }
    return Map.of(Limit.TIME_S, (double) s);
  }
}
