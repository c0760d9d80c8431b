package dev.runbox.jobs.callback;

import dev.runbox.core.jobs.Job;
import dev.runbox.core.jobs.JobCallbacks;
import dev.runbox.core.jobs.JobStore;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox of job callbacks: every due callback is sent once per round (by default POSTed: the
 * job as {@code GET /v1/jobs/{id}} shows it, signed; a Judge0 submission's is PUT as Judge0 sends
 * it, see {@link CallbackRequest}), and its delivery recorded on the job: {@code delivered}, due
 * again after the backoff, or {@code failed} when it may not be retried or its attempts ran out.
 */
public final class Deliveries implements JobCallbacks {
  private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
  private static final int PER_ROUND = 16;

  private final JobStore store;
  private final CallbackSender sender;
  private final Backoff backoff;
  private final Function<Job, CallbackRequest> requests;
  private final Clock clock;
  private final Runnable failed;

  /**
   * @param view the job as its callback carries it
   * @param failed told of each delivery that failed for good (a metric)
   */
  public Deliveries(
      JobStore store,
      CallbackSender sender,
      Backoff backoff,
      Function<Job, byte[]> view,
      Clock clock,
      Runnable failed) {
    this(store, sender, backoff, clock, failed, job -> CallbackRequest.post(view.apply(job)));
  }

  /**
   * As above, with what each job's callback sends (its method, content type and body: see {@link
   * CallbackRequest#byKind}).
   */
  public Deliveries(
      JobStore store,
      CallbackSender sender,
      Backoff backoff,
      Clock clock,
      Runnable failed,
      Function<Job, CallbackRequest> requests) {
    this.store = store;
    this.sender = sender;
    this.backoff = backoff;
    this.requests = requests;
    this.clock = clock;
    this.failed = failed;
  }

  @Override
  public int deliverDue() {
    int tried = 0;
    for (Job job : store.dueCallbacks(PER_ROUND)) {
      if (job.callbackUrl().isEmpty()) {
        continue;
      }
      tried++;
      int attempt = job.callback().attempts() + 1;
      DeliveryOutcome outcome =
          sender.send(job.callbackUrl().get(), job.id(), job.attempts(), requests.apply(job));
      store.callbackDelivered(job.id(), after(outcome, attempt));
    }
    return tried;
  }

  private Job.Callback after(DeliveryOutcome outcome, int attempt) {
    return switch (outcome) {
      case DeliveryOutcome.Delivered d ->
          new Job.Callback("delivered", attempt, Optional.empty(), Optional.empty());
      case DeliveryOutcome.Failed f when f.retryable() && !backoff.exhausted(attempt) ->
          new Job.Callback(
              "due",
              attempt,
              Optional.of(clock.instant().plus(backoff.nextDelay(attempt))),
              Optional.of(f.reason()));
      case DeliveryOutcome.Failed f -> {
        log.info("jobs: a callback failed for good after {} attempt(s): {}", attempt, f.reason());
        failed.run();
        yield new Job.Callback("failed", attempt, Optional.empty(), Optional.of(f.reason()));
      }
    };
  }
}
