package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.app.Wiring;
import dev.runbox.config.ConfigLoader;
import dev.runbox.config.RunboxConfig;
import dev.runbox.core.Command;
import dev.runbox.core.Limits;
import dev.runbox.core.Outcome;
import dev.runbox.core.RunRequest;
import dev.runbox.core.RunResult;
import dev.runbox.core.RunService;
import dev.runbox.images.ImageCatalogDirectory;
import dev.runbox.images.ImageManifest;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every image of the catalog gives exactly red, amber and green for its three sample variants. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
class CatalogSamplesIT {
  static final Limits DEFAULTS = new Limits(10, 128, 1, 128, 64, 50, 256);
  static final Limits MAX = new Limits(120, 4096, 2, 1024, 1024, 1024, 4096);
  static final ImageCatalogDirectory CATALOG =
      ImageCatalogDirectory.load(
          Path.of(System.getProperty("runbox.catalog", "images")), DEFAULTS, MAX);

  private final DockerFixture docker = new DockerFixture();
  private final RunService runs = oneShotRuns(docker);

  /** The CLI's graph from the composition root, with the service's defaults, on this sandbox. */
  static RunService oneShotRuns(DockerFixture docker) {
    RunboxConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            Map.of("catalog", System.getProperty("runbox.catalog", "images")));
    return Wiring.of(config).sandbox(docker.sandbox).oneShot().runs();
  }

  /**
   * The images named in the system property {@code runbox.it.images} (comma-separated, e.g. {@code
   * -Drunbox.it.images=java,typescript}), or every one.
   */
  static boolean chosen(String image) {
    String only = System.getProperty("runbox.it.images", "").strip();
    return only.isEmpty() || java.util.Arrays.asList(only.split("\\s*,\\s*")).contains(image);
  }

  static Stream<Arguments> samples() {
    return CATALOG.manifests().stream()
        .filter(m -> chosen(m.name()))
        .flatMap(m -> m.samples().keySet().stream().map(v -> Arguments.of(m.name(), v)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("samples")
  void eachSampleVariantGetsItsOwnOutcome(String image, String variant) {
    ImageManifest m = CATALOG.manifest(image).orElseThrow();

    RunResult r =
        runs.run(
            new RunRequest(
                image,
                m.samples().get(variant),
                new Command.ImageDefault(),
                new byte[0],
                Map.of()));

    Outcome expected = image.equals("tiny") ? Outcome.COMPLETED : Outcome.ofApiName(variant);
    assertThat(r.outcome())
        .as(
            "%s %s: exit %d\nstdout: %s\nstderr: %s",
            image, variant, r.exitStatus(), r.stdout().text(), r.stderr().text())
        .isEqualTo(expected);
    assertThat(r.ruleSet()).startsWith(image + "@");
    if (variant.equals("green")) {
      assertThat(r.files().created()).as("a green run leaves no new files in /sandbox").isEmpty();
    }
  }

  @AfterAll
  void nothingIsLeft() {
    docker.close();
  }
}
