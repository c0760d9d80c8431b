package dev.runbox.http.api;

import dev.runbox.core.Command;
import dev.runbox.core.FileSet;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Limit;
import dev.runbox.core.RunRequest;
import dev.runbox.core.SandboxFile;
import dev.runbox.core.SandboxPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link RunBody} into a core {@link RunRequest}; the core validates paths, limits and file
 * bounds.
 */
final class RunBodies {
  private RunBodies() {}

  static RunRequest toRequest(RunBody body) {
    if (body.image() == null) {
      throw new InvalidRequestException("image", "image is missing");
    }
    Set<String> executable = executable(body.executable());
    List<SandboxFile> files = new ArrayList<>();
    orEmpty(body.files())
        .forEach(
            (path, text) ->
                files.add(
                    file(
                        "files", path, text, executable, t -> t.getBytes(StandardCharsets.UTF_8))));
    orEmpty(body.filesBase64())
        .forEach(
            (path, data) ->
                files.add(file("files_base64", path, data, executable, t -> decode(path, t))));
    Set<String> sent = new HashSet<>();
    files.forEach(f -> sent.add(f.path()));
    for (String path : executable) {
      if (!sent.contains(path)) {
        throw new InvalidRequestException(
            "executable", "'" + path + "' is marked executable but is not among the files");
      }
    }
    FileSet fileSet = new FileSet(files);
    Command command =
        body.command() == null ? new Command.ImageDefault() : new Command.Shell(body.command());
    byte[] stdin =
        body.stdin() == null ? new byte[0] : body.stdin().getBytes(StandardCharsets.UTF_8);
    return new RunRequest(body.image(), fileSet, command, stdin, limits(body.limits()));
  }

  /** Text files as sent in {@code field} (UTF-8), none executable: each path checked, no null. */
  static List<SandboxFile> textFiles(String field, Map<String, String> files) {
    List<SandboxFile> out = new ArrayList<>();
    orEmpty(files)
        .forEach(
            (path, text) ->
                out.add(
                    file(field, path, text, Set.of(), t -> t.getBytes(StandardCharsets.UTF_8))));
    return out;
  }

  /** Binary files as sent in {@code field} (base64), none executable: each path checked. */
  static List<SandboxFile> base64Files(String field, Map<String, String> files) {
    List<SandboxFile> out = new ArrayList<>();
    orEmpty(files)
        .forEach((path, data) -> out.add(file(field, path, data, Set.of(), t -> decode(path, t))));
    return out;
  }

  private interface Decoder {
    byte[] bytes(String value);
  }

  private static SandboxFile file(
      String field, String path, String value, Set<String> executable, Decoder decoder) {
    SandboxPath.check(path);
    if (value == null) {
      throw new InvalidRequestException(
          field, "the content of '" + path + "' is null; send a string");
    }
    return new SandboxFile(path, decoder.bytes(value), executable.contains(path));
  }

  private static byte[] decode(String path, String base64) {
    try {
      return Base64.getMimeDecoder().decode(strictBase64(path, base64));
    } catch (IllegalArgumentException e) {
      throw badBase64(path);
    }
  }

  /** The MIME decoder skips line breaks but also silently skips junk; refuse junk first. */
  private static String strictBase64(String path, String base64) {
    for (int i = 0; i < base64.length(); i++) {
      char c = base64.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '='
              || c == '\r'
              || c == '\n';
      if (!ok) {
        throw badBase64(path);
      }
    }
    return base64;
  }

  private static InvalidRequestException badBase64(String path) {
    return new InvalidRequestException(
        "files_base64", "the content of '" + path + "' is not valid base64");
  }

  private static Set<String> executable(List<String> paths) {
    Set<String> out = new HashSet<>();
    for (String p : paths == null ? List.<String>of() : paths) {
      if (p == null) {
        throw new InvalidRequestException("executable", "executable holds a null; send file names");
      }
      try {
        SandboxPath.check(p);
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException("executable", e.getMessage());
      }
      out.add(p);
    }
    return out;
  }

  private static Map<Limit, Double> limits(Map<String, Double> requested) {
    Map<Limit, Double> out = new EnumMap<>(Limit.class);
    orEmpty(requested)
        .forEach(
            (name, value) -> {
              Limit limit = Limit.byApiName(name);
              if (value == null) {
                throw new InvalidRequestException(
                    "limits." + name, name + " is null; send a number or leave it out");
              }
              out.put(limit, value);
            });
    return out;
  }

  private static <V> Map<String, V> orEmpty(Map<String, V> map) {
    return map == null ? Map.of() : map;
  }
}
