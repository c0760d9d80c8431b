package dev.runbox.http.cyberdojo;

import dev.runbox.core.InvalidRequestException;
import dev.runbox.images.CyberDojoNames;
import dev.runbox.images.ImageManifest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * cyber-dojo's image names ({@code ghcr.io/cyber-dojo-languages/python_pytest:4833cf7}, {@code
 * cyberdojofoundation/python_pytest}) mapped by the manifests' aliases to a catalog image and the
 * rule set that judges the run.
 */
final class CyberDojoImages {
  private final Map<String, Target> byName = new TreeMap<>();

  /**
   * @param image the catalog name
   * @param ruleSet the alias's own rule set, or empty for the image's own rules
   */
  record Target(String image, String ruleSet) {}

  CyberDojoImages(List<ImageManifest> manifests) {
    for (ImageManifest m : manifests) {
      for (String alias : m.cyberDojoAliases()) {
        byName.put(alias, new Target(m.name(), m.cyberDojoRules().containsKey(alias) ? alias : ""));
      }
    }
  }

  /** The catalog image and rule set for a cyber-dojo image name, with any tag or digest. */
  Target target(String imageName) {
    Target t = CyberDojoNames.requested(imageName).map(byName::get).orElse(null);
    if (t == null) {
      throw new InvalidRequestException(
          "manifest.image_name",
          "unknown image_name '"
              + imageName
              + "'; runbox serves "
              + String.join(", ", byName.keySet())
              + " as "
              + String.join("<name> or ", CyberDojoNames.PREFIXES)
              + "<name>, any tag or digest");
    }
    return t;
  }
}
