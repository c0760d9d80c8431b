package dev.runbox.cli;

import dev.runbox.core.Command;
import dev.runbox.core.FileSet;
import dev.runbox.core.Limit;
import dev.runbox.core.RunRequest;
import dev.runbox.core.RunResult;
import dev.runbox.core.SandboxFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@picocli.CommandLine.Command(
    name = "run",
    description =
        "Run the files of DIR in a fresh sandbox; print stdout and stderr; exit with the run's status.")
final class RunCommand implements Callable<Integer> {
  private final Launcher launcher;
  private final RunboxCommand top;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "show this help, with the configuration keys")
  boolean help;

  @Option(names = "--image", required = true, description = "catalog image, e.g. python")
  String image;

  @Option(names = "--command", description = "command run by /bin/sh -c (default: the image's)")
  String command;

  @Option(names = "--stdin", description = "file whose bytes become the program's stdin")
  Path stdin;

  @Option(names = "--time", description = "wall-clock seconds")
  Integer time;

  @Option(names = "--memory", description = "memory, e.g. 128m or 1g")
  String memory;

  @Option(names = "--cpus", description = "CPU quota in cores")
  Double cpus;

  @Option(names = "--pids", description = "most processes")
  Integer pids;

  @Option(names = "--disk", description = "sandbox size, e.g. 64m")
  String disk;

  @Option(names = "--output", description = "bytes kept per stream, e.g. 50k")
  String output;

  @Option(names = "--open-files", description = "open file descriptors")
  Integer openFiles;

  @Parameters(index = "0", paramLabel = "DIR")
  Path dir;

  RunCommand(Launcher launcher, RunboxCommand top) {
    this.launcher = launcher;
    this.top = top;
  }

  @Override
  public Integer call() throws IOException {
    RunRequest request =
        new RunRequest(
            image,
            readDir(dir),
            command == null ? new Command.ImageDefault() : new Command.Shell(command),
            stdin == null ? new byte[0] : Files.readAllBytes(stdin),
            limits());
    try (Session s = launcher.open(launcher.config(top.configFile(), top.overrides))) {
      RunResult r = s.runs().run(request);
      System.out.write(r.stdout().bytes());
      System.out.flush();
      System.err.write(r.stderr().bytes());
      System.err.println(Summary.of(r));
      return r.exitStatus();
    }
  }

  private Map<Limit, Double> limits() {
    Map<Limit, Double> l = new EnumMap<>(Limit.class);
    if (time != null) {
      l.put(Limit.TIME_S, time.doubleValue());
    }
    if (memory != null) {
      l.put(Limit.MEMORY_MIB, (double) Sizes.mib(memory, "--memory"));
    }
    if (cpus != null) {
      l.put(Limit.CPUS, cpus);
    }
    if (pids != null) {
      l.put(Limit.PIDS, pids.doubleValue());
    }
    if (disk != null) {
      l.put(Limit.DISK_MIB, (double) Sizes.mib(disk, "--disk"));
    }
    if (output != null) {
      l.put(Limit.OUTPUT_KIB, (double) Sizes.kib(output, "--output"));
    }
    if (openFiles != null) {
      l.put(Limit.OPEN_FILES, openFiles.doubleValue());
    }
    return l;
  }

  /** The regular files under the folder; links are refused rather than followed. */
  static FileSet readDir(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new UsageException(dir + " is not a folder");
    }
    List<SandboxFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted().toList()) {
        if (Files.isSymbolicLink(p)) {
          throw new UsageException(p + " is a symbolic link; runbox sends regular files only");
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          files.add(
              new SandboxFile(
                  dir.relativize(p).toString(), Files.readAllBytes(p), Files.isExecutable(p)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    return new FileSet(files);
  }

  /** Sizes like 128m, 1g, 50k, or a plain number in the unit of the limit. */
  static final class Sizes {
    private Sizes() {}

    static long mib(String s, String flag) {
      return scaled(s, flag, 1024L * 1024) / (1024L * 1024);
    }

    static long kib(String s, String flag) {
      return scaled(s, flag, 1024L) / 1024;
    }

    private static long scaled(String s, String flag, long unit) {
      String t = s.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
      long mult =
          switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> unit;
          };
      String digits =
          Character.isDigit(t.isEmpty() ? ' ' : t.charAt(t.length() - 1))
              ? t
              : t.substring(0, t.length() - 1);
      try {
        return Long.parseLong(digits) * mult;
      } catch (NumberFormatException e) {
        throw new UsageException(flag + ": not a size: '" + s + "' (use e.g. 128m, 1g, 50k)", e);
      }
    }
  }
}
