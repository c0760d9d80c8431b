package dev.runbox.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.AdmissionGate;
import dev.runbox.jobs.store.JobStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cancelled job's run is stopped: cancelled here (the route's node) or in the store by another
 * node, the worker that runs it tells the sandbox to stop that run, by the run's own id.
 */
class JobWorkerTest {
  @TempDir Path dir;

  private JobStore store;
  private JobWorker worker;
  private JobService jobs;
  private final BlockingQueue<String> started = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> stopped = new LinkedBlockingQueue<>();
  private final CountDownLatch release = new CountDownLatch(1);

  /** Runs a job by announcing its run id, then waiting for the test (bounded). */
  private final JobCodec codec =
      new JobCodec() {
        @Override
        public String check(JobKind kind, String request) {
          return request;
        }

        @Override
        public String execute(JobKind kind, String request, Consumer<String> runStarted) {
          String runId = "run-of-" + request;
          runStarted.accept(runId);
          started.add(runId);
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "{}";
        }
      };

  /** A worker whose rounds come every {@code poll} (and when a submit wakes it). */
  private void startAWorker(Duration poll) {
    store = JobStores.open("sqlite:" + dir.resolve("jobs.db"));
    worker =
        new JobWorker(
            store,
            codec,
            JobCallbacks.NONE,
            new AdmissionGate(2, 0, Duration.ZERO),
            new JobWorker.Settings(
                "node-a", Duration.ofSeconds(60), poll, Duration.ofHours(1), Duration.ofSeconds(1)),
            Clock.systemUTC(),
            n -> {},
            stopped::add);
    int[] n = {0};
    jobs =
        new JobService(
            store, codec, () -> "job-" + ++n[0], 1, url -> {}, worker::wake, worker::cancelled);
    worker.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (worker != null) {
      worker.close();
      store.close();
    }
  }

  private String submit(String request) {
    Submitted s =
        jobs.submit(
            new JobService.Submission(JobKind.RUN, request, Optional.empty(), Optional.empty()));
    return ((Submitted.Created) s).job().id();
  }

  @Test
  void aRunningJobCancelledOnItsNodeHasItsRunStoppedAtOnce() throws Exception {
    startAWorker(Duration.ofSeconds(20)); // no round comes between the claim and the test's end
    String id = submit("\"a\"");
    assertThat(started.poll(10, TimeUnit.SECONDS)).isEqualTo("run-of-\"a\"");

    assertThat(jobs.cancel(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);

    assertThat(stopped.poll(0, TimeUnit.SECONDS))
        .as("stopped before cancel returned")
        .isEqualTo("run-of-\"a\"");
  }

  @Test
  void aRunningJobCancelledThroughAnotherNodeHasItsRunStoppedOnTheNextRound() throws Exception {
    startAWorker(Duration.ofMillis(50));
    String id = submit("\"b\"");
    assertThat(started.poll(10, TimeUnit.SECONDS)).isEqualTo("run-of-\"b\"");

    store.cancel(id);

    assertThat(stopped.poll(10, TimeUnit.SECONDS)).isEqualTo("run-of-\"b\"");
    assertThat(stopped.poll(300, TimeUnit.MILLISECONDS)).as("stopped once").isNull();
  }

  @Test
  void aRunningJobNobodyCancelledIsNeverStopped() throws Exception {
    startAWorker(Duration.ofMillis(50));
    String running = submit("\"c\"");
    assertThat(started.poll(10, TimeUnit.SECONDS)).isEqualTo("run-of-\"c\"");

    assertThat(stopped.poll(300, TimeUnit.MILLISECONDS)).as("rounds of 50 ms passed").isNull();
    assertThat(store.findAll(List.of(running)).get(0).status()).isEqualTo(JobStatus.RUNNING);
  }
}
