package dev.runbox.cli;

import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Start the HTTP service (default 127.0.0.1:4597).")
final class ServeCommand implements Callable<Integer> {
  private final Launcher launcher;
  private final RunboxCommand top;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "show this help, with the configuration keys")
  boolean help;

  @Option(names = "--host", description = "address to bind")
  String host;

  @Option(names = "--port", description = "port to bind")
  Integer port;

  @Option(
      names = "--allow-anonymous",
      description = "allow binding a non-loopback address without tokens")
  boolean allowAnonymous;

  ServeCommand(Launcher launcher, RunboxCommand top) {
    this.launcher = launcher;
    this.top = top;
  }

  @Override
  public Integer call() throws InterruptedException {
    var flags = new LinkedHashMap<>(top.overrides);
    if (host != null) {
      flags.put("host", host);
    }
    if (port != null) {
      flags.put("port", Integer.toString(port));
    }
    if (allowAnonymous) {
      flags.put("allow_anonymous", "true");
    }
    launcher.serve(launcher.config(top.configFile(), flags));
    return 0;
  }
}
