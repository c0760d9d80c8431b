package dev.runbox.core.jobs;

/**
 * What a job runs: the body of {@code /v1/runs} or of {@code /v1/judge}, or Judge0 submissions (an
 * envelope whose {@code judge} member is a {@code /v1/judge} body, and whose {@code submissions}
 * say how each of its tests is shown as a Judge0 submission).
 */
public enum JobKind {
  RUN("run"),
  JUDGE("judge"),
  JUDGE0("judge0");

  private final String apiName;

  JobKind(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }
}
