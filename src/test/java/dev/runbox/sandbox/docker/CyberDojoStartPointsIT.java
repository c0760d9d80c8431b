package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.images.ImageManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cyber-dojo alias with its own rules, through the real service as cyber-dojo's web calls it:
 * its exercises ({@code images/<image>/cyber-dojo/<name>/{red,green,amber}/}, shaped like that
 * start point) sent to {@code /run_cyber_dojo_sh} under the name cyber-dojo writes today, each
 * coming out in its own colour.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Timeout(value = 300, threadMode = ThreadMode.SEPARATE_THREAD)
class CyberDojoStartPointsIT {
  private static final List<String> VARIANTS = List.of("red", "green", "amber");

  private final ServiceFixture service = new ServiceFixture();

  @AfterAll
  void nothingIsLeft() {
    service.close();
  }

  /**
   * Every exercise of the images chosen by {@code -Drunbox.it.images=NAME,...} (all by default).
   */
  Stream<Arguments> exercises() {
    return allExercises().filter(a -> CatalogSamplesIT.chosen((String) a.get()[0]));
  }

  Stream<Arguments> allExercises() {
    List<Arguments> out = new ArrayList<>();
    for (ImageManifest m : service.catalog.manifests()) {
      for (String alias : m.cyberDojoRules().keySet()) {
        VARIANTS.forEach(v -> out.add(Arguments.of(m.name(), alias, v)));
      }
    }
    return out.stream();
  }

  @Test
  void theCatalogHasAliasesWithTheirOwnRules() {
    assertThat(allExercises()).as("bash_bats at least").isNotEmpty();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("exercises")
  void eachExerciseComesOutInItsOwnColour(String image, String alias, String variant)
      throws IOException {
    Path folder =
        service
            .catalog
            .manifest(image)
            .orElseThrow()
            .folder()
            .resolve(ImageManifest.CYBER_DOJO_EXERCISES)
            .resolve(alias)
            .resolve(variant);
    assertThat(folder)
        .as("the exercise of the cyber_dojo alias %s of image %s", alias, image)
        .isDirectory();

    ServiceFixture.Response r =
        service.post(
            "/run_cyber_dojo_sh",
            Map.of(
                "id",
                "it" + variant,
                "files",
                files(folder),
                "manifest",
                Map.of("image_name", "ghcr.io/cyber-dojo-languages/" + alias + ":runbox-it")));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode out = r.json().get("run_cyber_dojo_sh");
    assertThat(out.get("outcome").asText())
        .as(
            "%s %s: status %s\nstdout: %s\nstderr: %s",
            alias,
            variant,
            out.get("status").asText(),
            out.at("/stdout/content").asText(),
            out.at("/stderr/content").asText())
        .isEqualTo(variant);
    assertThat(out.at("/log/rule_set").asText()).startsWith(image + "/" + alias + "@");
  }

  /** Every file under the folder, by its path relative to it, as text. */
  private static Map<String, String> files(Path folder) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(
            folder.relativize(p).toString().replace('\\', '/'),
            Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
