package dev.runbox.images;

import dev.runbox.core.ImageCatalog;
import dev.runbox.core.ImageSpec;
import dev.runbox.core.Limits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The catalog read from a folder with one sub-folder per image; loaded and validated once. */
public final class ImageCatalogDirectory implements ImageCatalog {
  private final Map<String, ImageManifest> manifests;

  private ImageCatalogDirectory(Map<String, ImageManifest> manifests) {
    this.manifests = Collections.unmodifiableMap(manifests);
  }

  /**
   * Loads every {@code <dir>/<name>/manifest.json}; refuses the catalog when a manifest is bad or
   * an image's default limits are above {@code maximum}.
   */
  public static ImageCatalogDirectory load(Path dir, Limits defaults, Limits maximum) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("image catalog folder " + dir + " does not exist");
    }
    Map<String, ImageManifest> found = new LinkedHashMap<>();
    try (Stream<Path> folders = Files.list(dir)) {
      for (Path f :
          folders.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))).sorted().toList()) {
        ImageManifest m = ManifestReader.read(f, defaults);
        m.limits().checkWithin(maximum, "image " + m.name() + " default limits");
        found.put(m.name(), m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the image catalog " + dir, e);
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException("image catalog folder " + dir + " holds no image");
    }
    placeOnFamilyImages(found);
    checkCyberDojoAliasesAreUnique(found.values());
    checkJudge0IdsAreUnique(found.values());
    return new ImageCatalogDirectory(found);
  }

  /**
   * Gives each language that runs on another folder's image (manifest field {@code image}) that
   * image's recipe; refuses a name that is not in the catalog or is itself a language on another
   * image (a family image is built from one Dockerfile, never a chain).
   */
  private static void placeOnFamilyImages(Map<String, ImageManifest> found) {
    for (Map.Entry<String, ImageManifest> e : found.entrySet()) {
      ImageManifest m = e.getValue();
      if (m.ownsImage()) {
        continue;
      }
      ImageManifest family = found.get(m.image());
      if (family == null || !family.ownsImage()) {
        throw new IllegalArgumentException(
            m.folder().resolve("manifest.json")
                + ": 'image' names "
                + m.image()
                + ", which is not a catalog folder with a Dockerfile of its own");
      }
      e.setValue(m.on(family));
    }
  }

  private static void checkCyberDojoAliasesAreUnique(Iterable<ImageManifest> manifests) {
    Map<String, String> servedBy = new HashMap<>();
    for (ImageManifest m : manifests) {
      for (String alias : m.cyberDojoAliases()) {
        String other = servedBy.putIfAbsent(alias, m.name());
        if (other != null) {
          throw new IllegalArgumentException(
              "the cyber_dojo alias '"
                  + alias
                  + "' is served by two images, "
                  + other
                  + " and "
                  + m.name());
        }
      }
    }
  }

  private static void checkJudge0IdsAreUnique(Iterable<ImageManifest> manifests) {
    Map<Integer, String> servedBy = new HashMap<>();
    for (ImageManifest m : manifests) {
      for (ImageManifest.Judge0Language l : m.judge0()) {
        String other = servedBy.putIfAbsent(l.id(), m.name());
        if (other != null) {
          throw new IllegalArgumentException(
              "the judge0 language id "
                  + l.id()
                  + " is served by two images, "
                  + other
                  + " and "
                  + m.name());
        }
      }
    }
  }

  @Override
  public Optional<ImageSpec> find(String name) {
    return manifest(name).map(ImageManifest::spec);
  }

  @Override
  public List<ImageSpec> all() {
    return manifests.values().stream().map(ImageManifest::spec).toList();
  }

  public Optional<ImageManifest> manifest(String name) {
    return Optional.ofNullable(manifests.get(name));
  }

  public List<ImageManifest> manifests() {
    return new ArrayList<>(manifests.values());
  }
}
