package dev.runbox.core;

import java.util.List;
import java.util.Optional;

/** The port to the images a run may use. */
public interface ImageCatalog {
  Optional<ImageSpec> find(String name);

  List<ImageSpec> all();
}
