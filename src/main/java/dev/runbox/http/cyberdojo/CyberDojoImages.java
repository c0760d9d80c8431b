package dev.runbox.http.cyberdojo;

import dev.runbox.core.InvalidRequestException;
import dev.runbox.images.ImageManifest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * cyber-dojo's image names ({@code cyberdojofoundation/python_pytest:b8333d3}) mapped to catalog
 * names by the manifests' aliases.
 */
final class CyberDojoImages {
  private final Map<String, String> byAlias = new TreeMap<>();

  CyberDojoImages(List<ImageManifest> manifests) {
    for (ImageManifest m : manifests) {
      m.cyberDojoAliases().forEach(alias -> byAlias.put(untagged(alias), m.name()));
    }
  }

  /** The catalog name for a cyber-dojo image name, with or without a tag or digest. */
  String catalogName(String imageName) {
    String name = byAlias.get(untagged(imageName));
    if (name == null) {
      throw new InvalidRequestException(
          "manifest.image_name",
          "unknown image_name '"
              + imageName
              + "'; runbox serves "
              + String.join(", ", byAlias.keySet())
              + " (any tag)");
    }
    return name;
  }

  /**
   * The name without {@code @digest} and without a {@code :tag} after the last slash (a registry's
   * port stays).
   */
  static String untagged(String imageName) {
    String name = imageName.trim();
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
  }
}
