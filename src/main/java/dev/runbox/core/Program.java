package dev.runbox.core;

import java.util.List;
import java.util.Optional;

/**
 * How an image builds and runs one program: an optional {@code compile} command and a {@code run}
 * command, both shell templates in which {@code {file}} stands for the first file and {@code
 * {name}} for its name without folder and extension; {@code {options}} marks where a compile
 * template takes options (a Judge0 submission's {@code compiler_options}), and is dropped when
 * there are none. Compiled languages leave their program in {@code /sandbox} (as {@code
 * .runbox-prog} or {@code .runbox-classes}), so that it is there for every run after the one
 * compile.
 *
 * @param compile the compile template; empty for a language without a compile stage
 * @param run the run template
 */
public record Program(String compile, String run) {
  /** Where a compile template takes options; see {@link #withCompileOptions}. */
  public static final String OPTIONS = "{options}";

  public Program {
    if (run.isBlank()) {
      throw new IllegalArgumentException("a program needs a run command");
    }
  }

  /**
   * This program with {@code options} in its compile template where it says {@link #OPTIONS}, each
   * option quoted as one word; unchanged without options.
   */
  public Program withCompileOptions(List<String> options) {
    if (options.isEmpty()) {
      return this;
    }
    StringBuilder words = new StringBuilder();
    options.forEach(o -> words.append(words.isEmpty() ? "" : " ").append(quote(o)));
    return new Program(compile.replace(OPTIONS, words), run);
  }

  /** Whether its compile template takes options. */
  public boolean takesCompileOptions() {
    return compile.contains(OPTIONS);
  }

  /** A program without a compile stage. */
  public static Program interpreted(String run) {
    return new Program("", run);
  }

  /** The compile template; empty for a language without a compile stage. */
  public Optional<String> compileTemplate() {
    return compile.isBlank() ? Optional.empty() : Optional.of(compile);
  }

  /** The compile command for a program whose first file is {@code firstFile}. */
  public Optional<Command.Shell> compileCommand(String firstFile) {
    return compileTemplate().map(t -> new Command.Shell(line(t, firstFile, List.of())));
  }

  /** The run command for a program whose first file is {@code firstFile}, with its arguments. */
  public Command.Shell runCommand(String firstFile, List<String> args) {
    return new Command.Shell(line(run, firstFile, args));
  }

  /**
   * A command line for {@code /bin/sh -c} inside the sandbox from {@code template}: the first
   * file's name and each argument are single-quoted, so none of them is ever read as shell syntax.
   * The host never runs a shell; this only keeps the caller's words literal.
   */
  public static String line(String template, String firstFile, List<String> args) {
    StringBuilder line =
        new StringBuilder(
            template
                .replace(OPTIONS, "")
                .replace("{file}", quote(firstFile))
                .replace("{name}", quote(stem(firstFile))));
    args.forEach(a -> line.append(' ').append(quote(a)));
    return line.toString();
  }

  /** {@code it's} becomes {@code 'it'\''s'}: close the quote, an escaped quote, reopen. */
  public static String quote(String word) {
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
