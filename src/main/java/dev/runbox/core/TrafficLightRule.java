package dev.runbox.core;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One rule of an image: an outcome and conditions that must all hold. Rules are data from the image
 * manifest; a request can never supply one.
 *
 * @param exitStatus statuses the run must have ended with; empty means any
 */
public record TrafficLightRule(
    Outcome outcome,
    Set<Integer> exitStatus,
    Optional<Pattern> stdout,
    Optional<Pattern> stderr,
    Optional<Pattern> output) {
  public TrafficLightRule {
    if (outcome != Outcome.RED && outcome != Outcome.AMBER && outcome != Outcome.GREEN) {
      throw new IllegalArgumentException(
          "a rule's outcome must be red, amber or green, not " + outcome.apiName());
    }
    exitStatus = Set.copyOf(exitStatus);
    if (exitStatus.isEmpty() && stdout.isEmpty() && stderr.isEmpty() && output.isEmpty()) {
      throw new IllegalArgumentException(
          "a " + outcome.apiName() + " rule needs at least one condition");
    }
  }

  boolean matches(int status, String out, String err) {
    return (exitStatus.isEmpty() || exitStatus.contains(status))
        && stdout.map(p -> p.matcher(out).find()).orElse(true)
        && stderr.map(p -> p.matcher(err).find()).orElse(true)
        && output.map(p -> p.matcher(out + "\n" + err).find()).orElse(true);
  }
}
