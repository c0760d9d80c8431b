package dev.runbox.core;

import java.util.List;

/**
 * An image's rule set, evaluated in order; the first rule that matches gives the outcome.
 *
 * @param id names the rule set in results (image name and a hash of the rules)
 */
public record TrafficLightRules(String id, List<TrafficLightRule> rules) {
  public TrafficLightRules {
    rules = List.copyOf(rules);
  }

  public static TrafficLightRules none(String id) {
    return new TrafficLightRules(id, List.of());
  }

  /** The verdict for what the sandbox observed. */
  public Outcome classify(SandboxResult r) {
    if (r.timedOut()) {
      return Outcome.TIMED_OUT;
    }
    if (rules.isEmpty()) {
      return Outcome.COMPLETED;
    }
    String out = r.stdout().text();
    String err = r.stderr().text();
    for (TrafficLightRule rule : rules) {
      if (rule.matches(r.exitStatus(), out, err)) {
        return rule.outcome();
      }
    }
    return Outcome.FAULTY;
  }
}
