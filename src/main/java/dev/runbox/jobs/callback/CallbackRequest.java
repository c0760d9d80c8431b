package dev.runbox.jobs.callback;

import dev.runbox.core.jobs.Job;
import dev.runbox.core.jobs.JobKind;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What one job's callback sends: runbox's own jobs POST the job as {@code GET /v1/jobs/{id}} shows
 * it; a Judge0 submission's job PUTs the submission as Judge0 calls its {@code callback_url} back.
 * Every callback is signed the same way, whatever it sends.
 *
 * @param method {@code POST} or {@code PUT}
 * @param contentType the body's media type
 */
public record CallbackRequest(String method, String contentType, byte[] body) {
  private static final Pattern METHOD = Pattern.compile("POST|PUT");
  private static final Pattern MEDIA_TYPE = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0,199}");
  private static final String JSON = "application/json";

  public CallbackRequest {
    Objects.requireNonNull(body, "body");
    if (method == null || !METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException("a callback is a POST or a PUT, not " + method);
    }
    if (contentType == null || !MEDIA_TYPE.matcher(contentType).matches()) {
      throw new IllegalArgumentException("not a media type: " + contentType);
    }
  }

  /** runbox's callback: a POST of JSON. */
  public static CallbackRequest post(byte[] json) {
    return new CallbackRequest("POST", JSON, json);
  }

  /** Judge0's callback: a PUT of JSON. */
  public static CallbackRequest put(byte[] json) {
    return new CallbackRequest("PUT", JSON, json);
  }

  /**
   * The callback of each kind of job: Judge0 submissions get Judge0's PUT of {@code judge0}'s body,
   * every other job runbox's POST of {@code runbox}'s (so does a Judge0 job {@code judge0} cannot
   * render).
   */
  public static Function<Job, CallbackRequest> byKind(
      Function<Job, byte[]> runbox, Function<Job, Optional<byte[]>> judge0) {
    Objects.requireNonNull(runbox, "runbox");
    Objects.requireNonNull(judge0, "judge0");
    return job -> {
      if (job.kind() == JobKind.JUDGE0) {
        Optional<byte[]> body = judge0.apply(job);
        if (body.isPresent()) {
          return put(body.get());
        }
      }
      return post(runbox.apply(job));
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallbackRequest r
        && method.equals(r.method)
        && contentType.equals(r.contentType)
        && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, contentType, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return method + " " + contentType + " (" + body.length + " bytes)";
  }
}
