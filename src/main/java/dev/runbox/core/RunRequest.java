package dev.runbox.core;

import java.util.Map;

/**
 * What a caller asks for: an image from the catalog, files, a command, stdin and the limits it
 * wants to change from the image's defaults.
 */
public record RunRequest(String image, FileSet files, Command command, byte[] stdin, Map<Limit, Double> limits) {
  public RunRequest {
    if (image.isBlank()) {
      throw new InvalidRequestException("image", "image is missing");
    }
    stdin = stdin.clone();
    limits = Map.copyOf(limits);
  }

  public static RunRequest of(String image, FileSet files) {
    return new RunRequest(image, files, new Command.ImageDefault(), new byte[0], Map.of());
  }

  @Override
  public byte[] stdin() {
    return stdin.clone();
  }

  public RunRequest withCommand(Command c) {
    return new RunRequest(image, files, c, stdin, limits);
  }

  public RunRequest withStdin(byte[] in) {
    return new RunRequest(image, files, command, in, limits);
  }

  public RunRequest withLimits(Map<Limit, Double> l) {
    return new RunRequest(image, files, command, stdin, l);
  }
}
