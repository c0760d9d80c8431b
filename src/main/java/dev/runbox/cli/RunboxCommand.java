package dev.runbox.cli;

import dev.runbox.config.ConfigException;
import dev.runbox.core.InvalidRequestException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code runbox} command line: run, serve, images. */
@Command(
    name = "runbox",
    mixinStandardHelpOptions = true,
    version = "runbox 0.1.0",
    description = "Runs untrusted code in throw-away Docker containers.")
public final class RunboxCommand implements Runnable {
  /** Exit status for a caller mistake (bad flag, bad request, bad configuration). */
  public static final int USAGE = 2;

  @Option(
      names = "--config",
      description = "configuration file (properties)",
      scope = CommandLine.ScopeType.INHERIT)
  Path configFile;

  @Option(
      names = "--set",
      description = "override a configuration key, e.g. --set port=8080",
      scope = CommandLine.ScopeType.INHERIT)
  Map<String, String> overrides = new LinkedHashMap<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "choose a command: run, serve or images");
  }

  Optional<Path> configFile() {
    return Optional.ofNullable(configFile);
  }

  /** A bad configuration, request or command line: exit 2. Anything else is a failure: exit 1. */
  static boolean callerMistake(Exception e) {
    return e instanceof ConfigException
        || e instanceof InvalidRequestException
        || e instanceof UsageException;
  }

  /** The command line with its sub-commands, wired to the launcher. */
  public static CommandLine create(Launcher launcher) {
    RunboxCommand top = new RunboxCommand();
    CommandLine cl = new CommandLine(top);
    cl.addSubcommand("run", new RunCommand(launcher, top));
    cl.addSubcommand("judge", new JudgeCommand(launcher, top));
    cl.addSubcommand("serve", new ServeCommand(launcher, top));
    for (String withKeys : List.of("run", "judge", "serve")) {
      cl.getSubcommands().get(withKeys).getCommandSpec().usageMessage().footer(ConfigHelp.footer());
    }
    CommandLine images = new CommandLine(new ImagesCommand());
    images.addSubcommand("build", new ImagesCommand.Build(launcher, top));
    images.addSubcommand("list", new ImagesCommand.ListImages(launcher, top));
    cl.addSubcommand("images", images);
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println("runbox: " + e.getMessage());
          return callerMistake(e) ? USAGE : 1;
        });
    return cl;
  }
}
