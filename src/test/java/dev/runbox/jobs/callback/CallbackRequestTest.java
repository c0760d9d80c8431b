package dev.runbox.jobs.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.jobs.Job;
import dev.runbox.core.jobs.JobKind;
import dev.runbox.core.jobs.JobStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Which request each kind of job's callback sends. */
class CallbackRequestTest {
  private static final byte[] RUNBOX = "{\"id\":\"j\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] JUDGE0 = "{\"token\":\"j\"}".getBytes(StandardCharsets.UTF_8);

  private static Job job(JobKind kind) {
    return new Job(
        "j",
        kind,
        JobStatus.DONE,
        "{}",
        1,
        3,
        Instant.EPOCH,
        Optional.of(Instant.EPOCH),
        Optional.of(Instant.EPOCH),
        Optional.of("node"),
        Optional.of("https://example.test/hook"),
        new Job.Callback("due", 0, Optional.of(Instant.EPOCH), Optional.empty()),
        Optional.of("{}"),
        Optional.empty());
  }

  private final Function<Job, CallbackRequest> requests =
      CallbackRequest.byKind(job -> RUNBOX, job -> Optional.of(JUDGE0));

  @Test
  void runboxsOwnJobsArePostedAsTheirView() {
    for (JobKind kind : new JobKind[] {JobKind.RUN, JobKind.JUDGE}) {
      assertThat(requests.apply(job(kind)))
          .isEqualTo(new CallbackRequest("POST", "application/json", RUNBOX));
    }
  }

  @Test
  void aJudge0SubmissionIsPutAsJudge0SendsIt() {
    assertThat(requests.apply(job(JobKind.JUDGE0)))
        .isEqualTo(new CallbackRequest("PUT", "application/json", JUDGE0));
  }

  @Test
  void aJudge0JobTheJudge0LayerCannotRenderIsPostedAsRunboxsView() {
    Function<Job, CallbackRequest> unreadable =
        CallbackRequest.byKind(job -> RUNBOX, job -> Optional.empty());

    assertThat(unreadable.apply(job(JobKind.JUDGE0))).isEqualTo(CallbackRequest.post(RUNBOX));
  }

  @Test
  void onlyPostAndPutWithAPrintableTypeAreRequests() {
    assertThatThrownBy(() -> new CallbackRequest("GET", "application/json", RUNBOX))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CallbackRequest("PUT", "text/plain\r\nX-Evil: 1", RUNBOX))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CallbackRequest("PUT", "application/json", null))
        .isInstanceOf(NullPointerException.class);
  }
}
