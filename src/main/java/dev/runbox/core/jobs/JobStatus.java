package dev.runbox.core.jobs;

/**
 * Where a job is. A program that fails is a {@code done} job (its result says how it failed);
 * {@code failed} is runbox's own failure after its attempts ran out.
 */
public enum JobStatus {
  QUEUED("queued"),
  RUNNING("running"),
  DONE("done"),
  FAILED("failed"),
  CANCELLED("cancelled");

  private final String apiName;

  JobStatus(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  /** Done, failed or cancelled: nothing changes it any more. */
  public boolean isFinal() {
    return this == DONE || this == FAILED || this == CANCELLED;
  }
}
