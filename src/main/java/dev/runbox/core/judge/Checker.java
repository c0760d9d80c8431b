package dev.runbox.core.judge;

import dev.runbox.core.Command;
import dev.runbox.core.FileSet;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Program;

/**
 * A custom checker, testlib-style: a program in a sandbox of its own (never the submission's), run
 * once per test with three file arguments in testlib's order: the test's input, the program's
 * output, the expected output. Exit 0 accepts, 1 is a wrong answer, any other ending is an internal
 * error naming the checker.
 *
 * @param command run by {@code /bin/sh -c} in {@code /sandbox}, the three file names appended
 */
public record Checker(String image, FileSet files, Command.Shell command) {
  public Checker {
    if (image.isBlank()) {
      throw new InvalidRequestException("checker.image", "the checker's image is missing");
    }
  }

  /** The command line that checks one test, each file name single-quoted. */
  public Command.Shell commandFor(String input, String output, String expected) {
    return new Command.Shell(
        command.line()
            + " "
            + Program.quote(input)
            + " "
            + Program.quote(output)
            + " "
            + Program.quote(expected));
  }
}
