package dev.runbox.http;

import dev.runbox.images.ImageManifest;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of the catalog's manifests, for the routes that describe images or map other
 * APIs' names onto them.
 */
@FunctionalInterface
public interface ImageDescriptions {
  /** Every image, in catalog order. */
  List<ImageManifest> manifests();

  default Optional<ImageManifest> manifest(String name) {
    return manifests().stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
