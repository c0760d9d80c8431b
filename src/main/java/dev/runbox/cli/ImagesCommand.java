package dev.runbox.cli;

import dev.runbox.images.CatalogBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "images", description = "Build and list the catalog's images.")
final class ImagesCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "choose: images build [NAME...] or images list");
  }

  @Command(
      name = "build",
      description = "Build the base image and the catalog's images (all, or those named).")
  static final class Build implements Callable<Integer> {
    private final Launcher launcher;
    private final RunboxCommand top;

    @Parameters(arity = "0..*", paramLabel = "NAME")
    List<String> names = new ArrayList<>();

    @CommandLine.Option(
        names = "--jobs",
        paramLabel = "N",
        defaultValue = "1",
        description =
            "images built at once, 1 to "
                + CatalogBuilder.MAX_JOBS
                + " (default 1); a few at once finish sooner on a fresh machine")
    int jobs;

    Build(Launcher launcher, RunboxCommand top) {
      this.launcher = launcher;
      this.top = top;
    }

    @Override
    public Integer call() {
      try (Session s = launcher.open(launcher.config(top.configFile(), top.overrides))) {
        List<CatalogBuilder.Built> built = s.images().build(names, jobs, System.out);
        List<CatalogBuilder.Built> failed =
            built.stream().filter(CatalogBuilder.Built::failed).toList();
        System.out.println(
            "images: " + (built.size() - failed.size()) + " ready, " + failed.size() + " failed");
        failed.forEach(f -> System.out.println("  " + f.name() + ": " + f.state()));
        return failed.isEmpty() ? 0 : 1;
      }
    }
  }

  @Command(name = "list", description = "Show which images are built, outdated or missing.")
  static final class ListImages implements Callable<Integer> {
    private final Launcher launcher;
    private final RunboxCommand top;

    ListImages(Launcher launcher, RunboxCommand top) {
      this.launcher = launcher;
      this.top = top;
    }

    @Override
    public Integer call() {
      try (Session s = launcher.open(launcher.config(top.configFile(), top.overrides))) {
        List<CatalogBuilder.Status> all = s.images().list();
        all.forEach(st -> System.out.printf("%-12s %-28s %s%n", st.name(), st.ref(), st.state()));
        return all.stream().allMatch(st -> st.state().equals("built")) ? 0 : 1;
      }
    }
  }
}
