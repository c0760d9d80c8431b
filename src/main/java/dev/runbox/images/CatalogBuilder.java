package dev.runbox.images;

import dev.runbox.core.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Builds the base image (from debootstrap, through the project's script) and the catalog's images,
 * showing progress per image, skipping unchanged recipes, and reporting each failure.
 */
public final class CatalogBuilder {
  private final ImageCatalogDirectory catalog;
  private final ImageEngine engine;
  private final Path baseScript;

  public CatalogBuilder(ImageCatalogDirectory catalog, ImageEngine engine, Path baseScript) {
    this.catalog = catalog;
    this.engine = engine;
    this.baseScript = baseScript;
  }

  /** One image's state on the engine. */
  public record Status(String name, String ref, String state) {}

  /** What one build did: built, up to date, or failed with why. */
  public record Built(String name, String state, long millis) {
    public boolean failed() {
      return state.startsWith("failed");
    }
  }

  public List<Status> list() {
    List<Status> out = new ArrayList<>();
    for (ImageManifest m : catalog.manifests()) {
      String state =
          engine
              .recipeOf(m.ref())
              .map(
                  label ->
                      engine.hasBase() && label.equals(engine.recipeLabel(m.recipeHash()))
                          ? "built"
                          : "outdated")
              .orElse("missing");
      out.add(new Status(m.name(), m.ref(), state));
    }
    return out;
  }

  /** The most images built at once ({@code runbox images build --jobs}). */
  public static final int MAX_JOBS = 4;

  public List<Built> build(List<String> names, PrintStream progress) {
    return build(names, 1, progress);
  }

  /**
   * Builds the base image, then the images the named languages run on (all when none is named),
   * {@code jobs} at a time: a build mostly waits on Debian's mirror, so a few at once finish sooner
   * on a fresh machine. With more than one at a time each progress line names its image.
   */
  public List<Built> build(List<String> names, int jobs, PrintStream progress) {
    if (jobs < 1 || jobs > MAX_JOBS) {
      throw new InvalidRequestException(
          "jobs", "jobs is " + jobs + "; it must be between 1 and " + MAX_JOBS);
    }
    for (String n : names) {
      if (catalog.manifest(n).isEmpty()) {
        throw new InvalidRequestException(
            "image",
            "no image '"
                + n
                + "' in the catalog; known: "
                + catalog.manifests().stream().map(ImageManifest::name).toList());
      }
    }
    buildBase(progress);
    List<String> families =
        catalog.manifests().stream()
            .filter(m -> names.isEmpty() || names.contains(m.name()))
            .map(ImageManifest::image)
            .distinct()
            .toList();
    List<ImageManifest> images =
        catalog.manifests().stream()
            .filter(m -> m.ownsImage() && families.contains(m.name()))
            .toList();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            jobs, r -> Thread.ofPlatform().daemon().name("runbox-image-build").unstarted(r));
    try {
      List<Future<Built>> running = new ArrayList<>();
      for (ImageManifest m : images) {
        PrintStream output = jobs == 1 ? progress : prefixed(m.name(), progress);
        running.add(pool.submit(() -> buildOne(m, progress, output)));
      }
      List<Built> results = new ArrayList<>();
      for (Future<Built> f : running) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the images", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("an image build failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Build output whose every line starts with the image's name, written whole to {@code to}. */
  private static PrintStream prefixed(String name, PrintStream to) {
    OutputStream lines =
        new OutputStream() {
          private final ByteArrayOutputStream line = new ByteArrayOutputStream();

          @Override
          public synchronized void write(int b) {
            if (b == '\n') {
              String text = line.toString(StandardCharsets.UTF_8);
              line.reset();
              to.println("[" + name + "] " + text);
            } else if (line.size() < 64 * 1024) {
              line.write(b);
            }
          }
        };
    return new PrintStream(lines, true, StandardCharsets.UTF_8);
  }

  /**
   * @param progress where the image's own lines go (building, built, failed)
   * @param output where the engine's build output goes
   */
  private Built buildOne(ImageManifest m, PrintStream progress, PrintStream output) {
    long t0 = System.nanoTime();
    progress.println("image " + m.name() + ": building " + m.ref());
    String state;
    try {
      state = engine.build(m.folder(), m.ref(), m.recipeHash(), output) ? "built" : "up to date";
    } catch (RuntimeException e) {
      state = "failed: " + e.getMessage();
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    progress.println("image " + m.name() + ": " + state + " (" + ms / 1000.0 + " s)");
    return new Built(m.name(), state, ms);
  }

  private void buildBase(PrintStream progress) {
    if (!Files.isRegularFile(baseScript)) {
      if (engine.hasBase()) {
        return;
      }
      throw new IllegalStateException(
          "the base image is missing and its script " + baseScript + " is not there");
    }
    try {
      Process p =
          new ProcessBuilder("bash", baseScript.toString()).redirectErrorStream(true).start();
      p.getInputStream().transferTo(progress);
      if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("building the base image failed (" + baseScript + ")");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + baseScript + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the base image", e);
    }
  }
}
