package dev.runbox.http.piston;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.runbox.images.ImageManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog's images that Piston clients can use: those whose manifest names a Piston language
 * and a run command.
 */
final class PistonRuntimes {
  private static final Pattern NUMERIC = Pattern.compile("\\d+(\\.\\d+)*");

  /**
   * One runtime: the image, Piston's names and commands, and its version in Piston's dotted form.
   */
  record Runtime(ImageManifest image, ImageManifest.PistonName piston, String version) {
    Body body() {
      return new Body(piston.language(), version, piston.aliases());
    }

    boolean answersTo(String language) {
      return piston.language().equals(language) || piston.aliases().contains(language);
    }

    /**
     * {@code *}, the exact version (Piston's or the manifest's own, e.g. {@code gcc 12}), or a
     * prefix of whole components with an optional {@code ^ ~ =} before and {@code .x} after.
     */
    boolean matches(String requested) {
      if (requested.equals("*") || requested.equals(version) || requested.equals(image.version())) {
        return true;
      }
      String prefix = requested.replaceFirst("^[=^~v]+", "").replaceFirst("(\\.[x*])+$", "");
      return !prefix.isEmpty() && (version.equals(prefix) || version.startsWith(prefix + "."));
    }
  }

  /** A runtime as {@code GET /api/v2/runtimes} lists it. */
  record Body(
      @JsonProperty("language") String language,
      @JsonProperty("version") String version,
      @JsonProperty("aliases") List<String> aliases) {}

  private final List<Runtime> runtimes = new ArrayList<>();

  PistonRuntimes(List<ImageManifest> manifests) {
    for (ImageManifest m : manifests) {
      m.piston()
          .filter(p -> p.runCommand().isPresent())
          .ifPresent(p -> runtimes.add(new Runtime(m, p, pistonVersion(m.version()))));
    }
  }

  List<Body> list() {
    return runtimes.stream().map(Runtime::body).toList();
  }

  Optional<Runtime> find(String language, String version) {
    return runtimes.stream().filter(r -> r.answersTo(language) && r.matches(version)).findFirst();
  }

  /**
   * Piston's versions are dotted numbers; a manifest's may carry a word ("gcc 12", "Node.js 18").
   */
  static String pistonVersion(String manifestVersion) {
    Matcher m = NUMERIC.matcher(manifestVersion);
    return m.find() ? m.group() : manifestVersion;
  }
}
