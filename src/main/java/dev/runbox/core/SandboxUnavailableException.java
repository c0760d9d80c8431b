package dev.runbox.core;

/**
 * The infrastructure failed (the engine is unreachable, an image is missing, a container could not
 * be created). Carries the run id and, where there was one, the container id. Maps to 503.
 */
public final class SandboxUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String runId;
  private final String containerId;

  public SandboxUnavailableException(
      String runId, String containerId, String message, Throwable cause) {
    super(
        message
            + " (run "
            + runId
            + (containerId.isEmpty() ? "" : ", container " + containerId)
            + ")",
        cause);
    this.runId = runId;
    this.containerId = containerId;
  }

  public String runId() {
    return runId;
  }

  public String containerId() {
    return containerId;
  }
}
