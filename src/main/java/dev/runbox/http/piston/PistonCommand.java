package dev.runbox.http.piston;

import dev.runbox.core.Program;
import java.util.List;

/**
 * A command line for {@code /bin/sh -c} inside the sandbox, from a manifest's template, quoted as
 * {@link Program#line} quotes it: the first file's name and the program's arguments are each
 * single-quoted, so none of them is ever read as shell syntax.
 */
final class PistonCommand {
  private PistonCommand() {}

  static String of(String template, String firstFile, List<String> args) {
    return Program.line(template, firstFile, args);
  }

  static String quote(String word) {
    return Program.quote(word);
  }
}
