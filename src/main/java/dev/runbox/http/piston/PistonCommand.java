package dev.runbox.http.piston;

import java.util.List;

/**
 * A command line for {@code /bin/sh -c} inside the sandbox, from a manifest's template: the first
 * file's name and the program's arguments are each single-quoted, so none of them is ever read as
 * shell syntax. The host never runs a shell; this only keeps the caller's words literal.
 */
final class PistonCommand {
  private PistonCommand() {}

  static String of(String template, String firstFile, List<String> args) {
    StringBuilder line =
        new StringBuilder(
            template.replace("{file}", quote(firstFile)).replace("{name}", quote(stem(firstFile))));
    args.forEach(a -> line.append(' ').append(quote(a)));
    return line.toString();
  }

  /** {@code it's} becomes {@code 'it'\''s'}: close the quote, an escaped quote, reopen. */
  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /**
   * The file's name without its folders and its last extension: {@code src/Main.java} → {@code
   * Main}.
   */
  static String stem(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
