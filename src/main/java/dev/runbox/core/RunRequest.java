package dev.runbox.core;

import java.util.Map;

/**
 * What a caller asks for: an image from the catalog, files, a command, stdin and the limits it
 * wants to change from the image's defaults.
 *
 * @param environment variables and home files for the command (set by an adapter, such as
 *     cyber-dojo's runner API; runbox's own API sends none)
 * @param ruleSet which of the image's rule sets gives the verdict: empty for the image's own, or
 *     the name of one of its {@link ImageSpec#namedRules named rule sets}
 */
public record RunRequest(
    String image,
    FileSet files,
    Command command,
    byte[] stdin,
    Map<Limit, Double> limits,
    RunEnvironment environment,
    String ruleSet) {
  public RunRequest {
    if (image.isBlank()) {
      throw new InvalidRequestException("image", "image is missing");
    }
    stdin = stdin.clone();
    limits = Map.copyOf(limits);
  }

  /** A request with no environment, judged by the image's own rules. */
  public RunRequest(
      String image, FileSet files, Command command, byte[] stdin, Map<Limit, Double> limits) {
    this(image, files, command, stdin, limits, RunEnvironment.none(), "");
  }

  @Override
  public byte[] stdin() {
    return stdin.clone();
  }
}
