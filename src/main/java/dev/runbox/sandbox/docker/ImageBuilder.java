package dev.runbox.sandbox.docker;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.runbox.core.Digests;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Builds an image folder through the Engine API (host network for apt, no registry pull) and labels
 * it with a hash of its recipe and of the base image, so that an unchanged recipe is not rebuilt.
 */
public final class ImageBuilder implements dev.runbox.images.ImageEngine {
  public static final String RECIPE_LABEL = "runbox.recipe";
  public static final String BASE_IMAGE = "runbox/base:trixie";
  private static final Duration MAX_BUILD = Duration.ofMinutes(20);
  private final Engine engine;

  public ImageBuilder(Engine engine) {
    this.engine = engine;
  }

  /** The image's id when it exists. */
  public Optional<String> imageId(String ref) {
    try {
      return Optional.of(engine.control().inspectImageCmd(ref).exec().getId());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<String> recipeOf(String ref) {
    try {
      InspectImageResponse i = engine.control().inspectImageCmd(ref).exec();
      Map<String, String> labels = i.getConfig() == null ? null : i.getConfig().getLabels();
      return Optional.ofNullable(labels == null ? null : labels.get(RECIPE_LABEL));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean hasBase() {
    return imageId(BASE_IMAGE).isPresent();
  }

  @Override
  public String recipeLabel(String folderHash) {
    String base =
        imageId(BASE_IMAGE)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the base image "
                            + BASE_IMAGE
                            + " is missing; build it with scripts/base-image.sh"));
    return Digests.sha256((folderHash + base).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  @Override
  public boolean build(Path folder, String ref, String folderHash, PrintStream progress) {
    String label = recipeLabel(folderHash);
    if (recipeOf(ref).filter(label::equals).isPresent()) {
      return false;
    }
    BuildImageResultCallback callback =
        new BuildImageResultCallback() {
          @Override
          public void onNext(BuildResponseItem item) {
            if (item.getStream() != null && !item.getStream().isBlank()) {
              progress.print("    " + item.getStream().stripTrailing() + "\n");
            }
            super.onNext(item);
          }
        };
    engine
        .streams()
        .buildImageCmd(folder.toFile())
        .withTags(Set.of(ref))
        .withLabels(Map.of(RECIPE_LABEL, label))
        .withNetworkMode("host")
        .withPull(false)
        .withRemove(true)
        .withForcerm(true)
        .exec(callback)
        .awaitImageId(MAX_BUILD.toMinutes(), TimeUnit.MINUTES);
    return true;
  }
}
