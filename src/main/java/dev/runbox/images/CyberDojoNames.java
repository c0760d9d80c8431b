package dev.runbox.images;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * cyber-dojo's image names: {@code ghcr.io/cyber-dojo-languages/<name>} as its start points write
 * them today, or {@code cyberdojofoundation/<name>} as older ones did, each with any {@code :tag}
 * and {@code @sha256:digest}. The catalog's manifests alias the bare {@code <name>}.
 */
public final class CyberDojoNames {
  /** The repositories cyber-dojo's language images live under, as a request writes them. */
  public static final List<String> PREFIXES =
      List.of("ghcr.io/cyber-dojo-languages/", "cyberdojofoundation/");

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,127}");

  private CyberDojoNames() {}

  /**
   * The bare name of an image name as a request sends it, when it is under one of the {@link
   * #PREFIXES}: {@code ghcr.io/cyber-dojo-languages/python_pytest:4833cf7} is {@code
   * python_pytest}.
   */
  public static Optional<String> requested(String imageName) {
    String untagged = untagged(imageName);
    for (String prefix : PREFIXES) {
      if (untagged.startsWith(prefix)) {
        return valid(untagged.substring(prefix.length()));
      }
    }
    return Optional.empty();
  }

  /** The bare name of a manifest's alias, which may also be written bare. */
  static Optional<String> bare(String written) {
    return requested(written).or(() -> valid(untagged(written)));
  }

  /**
   * The name without {@code @digest} and without a {@code :tag} after the last slash (a registry's
   * port stays).
   */
  public static String untagged(String imageName) {
    String name = imageName.trim();
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
  }

  private static Optional<String> valid(String name) {
    return NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
  }
}
