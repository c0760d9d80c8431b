package dev.runbox.core.jobs;

/** What a job runs: the body of {@code /v1/runs} or of {@code /v1/judge}. */
public enum JobKind {
  RUN("run"),
  JUDGE("judge");

  private final String apiName;

  JobKind(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }
}
