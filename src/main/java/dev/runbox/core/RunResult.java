package dev.runbox.core;

/**
 * What the service tells the caller about a run.
 *
 * @param ruleSet the id of the rule set that gave the outcome
 * @param filesComplete false when the file report hit its caps
 */
public record RunResult(
    String id,
    String image,
    CapturedBytes stdout,
    CapturedBytes stderr,
    int exitStatus,
    Timeout timeout,
    boolean oomKilled,
    Outcome outcome,
    String ruleSet,
    FileChanges files,
    boolean filesComplete,
    Usage usage) {
  public boolean timedOut() {
    return timeout != Timeout.NONE;
  }
}
