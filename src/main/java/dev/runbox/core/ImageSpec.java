package dev.runbox.core;

import java.util.Map;
import java.util.Optional;

/**
 * An image of the catalog as the run service needs it.
 *
 * @param name the catalog name requests use ({@code python})
 * @param ref the engine's image reference ({@code runbox/python:latest})
 * @param defaultCommand run when the request gives none
 * @param rules the image's own rule set, for its default command
 * @param namedRules further rule sets by name, for the output of other commands the image serves (a
 *     cyber-dojo start point's {@code cyber-dojo.sh}, say)
 * @param program how the image compiles and runs one program (judge mode); empty when it cannot
 */
public record ImageSpec(
    String name,
    String ref,
    String defaultCommand,
    Limits defaultLimits,
    TrafficLightRules rules,
    Map<String, TrafficLightRules> namedRules,
    Optional<Program> program) {
  public ImageSpec {
    namedRules = Map.copyOf(namedRules);
  }

  public ImageSpec(
      String name,
      String ref,
      String defaultCommand,
      Limits defaultLimits,
      TrafficLightRules rules,
      Map<String, TrafficLightRules> namedRules) {
    this(name, ref, defaultCommand, defaultLimits, rules, namedRules, Optional.empty());
  }

  public ImageSpec(
      String name,
      String ref,
      String defaultCommand,
      Limits defaultLimits,
      TrafficLightRules rules) {
    this(name, ref, defaultCommand, defaultLimits, rules, Map.of());
  }

  /** The rule set a request names: the image's own for an empty name. */
  public Optional<TrafficLightRules> rules(String ruleSet) {
    return ruleSet.isEmpty() ? Optional.of(rules) : Optional.ofNullable(namedRules.get(ruleSet));
  }
}
