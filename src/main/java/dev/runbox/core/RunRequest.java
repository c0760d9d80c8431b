package dev.runbox.core;

import java.util.Map;

/**
 * What a caller asks for: an image from the catalog, files, a command, stdin and the limits it
 * wants to change from the image's defaults.
 */
public record RunRequest(
    String image, FileSet files, Command command, byte[] stdin, Map<Limit, Double> limits) {
  public RunRequest {
    if (image.isBlank()) {
      throw new InvalidRequestException("image", "image is missing");
    }
    stdin = stdin.clone();
    limits = Map.copyOf(limits);
  }

  @Override
  public byte[] stdin() {
    return stdin.clone();
  }
}
