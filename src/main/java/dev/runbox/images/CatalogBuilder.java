package dev.runbox.images;

import dev.runbox.core.InvalidRequestException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  public List<Built> build(List<String> names, PrintStream progress) {
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
    List<Built> results = new ArrayList<>();
    for (ImageManifest m : catalog.manifests()) {
      if (m.ownsImage() && families.contains(m.name())) {
        results.add(buildOne(m, progress));
      }
    }
    return results;
  }

  private Built buildOne(ImageManifest m, PrintStream progress) {
    long t0 = System.nanoTime();
    progress.println("image " + m.name() + ": building " + m.ref());
    String state;
    try {
      state = engine.build(m.folder(), m.ref(), m.recipeHash(), progress) ? "built" : "up to date";
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
