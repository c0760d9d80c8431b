package dev.runbox.images;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/** The port through which the catalog's images are built and inspected on an engine. */
public interface ImageEngine {
  /** The recipe label of the built image, when it exists. */
  Optional<String> recipeOf(String ref);

  /**
   * The label an image built now from a folder with this hash would carry (it includes the base
   * image).
   */
  String recipeLabel(String folderHash);

  /** Builds unless the image already carries the label; true when it built. */
  boolean build(Path folder, String ref, String folderHash, PrintStream progress);

  /** True when the base image exists. */
  boolean hasBase();
}
