package dev.runbox.http.api;

import dev.runbox.core.jobs.Job;
import dev.runbox.http.Json;

/** A job as {@code GET /v1/jobs/{id}} shows it, for the callback that delivers it. */
public final class JobViews {
  private JobViews() {}

  public static byte[] json(Job job) {
    return Json.write(JobRoutes.view(job));
  }
}
