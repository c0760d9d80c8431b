package dev.runbox.core;

/** What to run: the image's default command, or one given by the request (run by /bin/sh -c). */
public sealed interface Command {
  /** Use the image's default command. */
  record ImageDefault() implements Command {}

  /** A command line run by {@code /bin/sh -c} inside the container; never seen by a host shell. */
  record Shell(String line) implements Command {
    public static final int MAX_LENGTH = 8192;

    public Shell {
      if (line.isBlank()) {
        throw new InvalidRequestException("command", "command is blank");
      }
      if (line.length() > MAX_LENGTH) {
        throw new InvalidRequestException(
            "command", "command is longer than " + MAX_LENGTH + " characters");
      }
      if (line.indexOf('\0') >= 0) {
        throw new InvalidRequestException("command", "command contains a NUL character");
      }
    }
  }
}
