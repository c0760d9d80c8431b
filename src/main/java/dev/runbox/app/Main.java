package dev.runbox.app;

import dev.runbox.cli.RunboxCommand;

/** The entry point: builds the command line on the composition root and runs it. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int status = RunboxCommand.create(new AppLauncher(System.getenv())).execute(args);
    System.exit(status);
  }
}
