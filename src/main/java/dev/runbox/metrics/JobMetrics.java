package dev.runbox.metrics;

import dev.runbox.core.jobs.JobCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The async API's metrics, for autoscaling and alerts: jobs queued and running and the age of the
 * oldest queued one (read from the store, at most once a second whatever the scrape rate), jobs
 * queued again after a lost lease, and callbacks that failed for good.
 */
public final class JobMetrics {
  private static final long CACHE_NANOS = Duration.ofSeconds(1).toNanos();

  private final Supplier<JobCounts> store;
  private final Counter redelivered;
  private final Counter callbacksFailed;
  private JobCounts last = new JobCounts(0, 0, Duration.ZERO);
  private long readAt = Long.MIN_VALUE;

  public JobMetrics(MeterRegistry registry, Supplier<JobCounts> counts) {
    this.store = counts;
    this.redelivered =
        Counter.builder("runbox.jobs.redelivered")
            .description("Jobs queued again after their node lost its lease (died, say)")
            .register(registry);
    this.callbacksFailed =
        Counter.builder("runbox.jobs.callbacks.failed")
            .description("Job callbacks that failed for good")
            .register(registry);
    Gauge.builder("runbox.jobs.queued", this, m -> m.counts().queued())
        .description("Jobs waiting for a node")
        .register(registry);
    Gauge.builder("runbox.jobs.running", this, m -> m.counts().running())
        .description("Jobs running on any node")
        .register(registry);
    Gauge.builder(
            "runbox.jobs.oldest.queued.age.seconds",
            this,
            m -> m.counts().oldestQueuedAge().toMillis() / 1000.0)
        .description("How long the oldest queued job has waited")
        .register(registry);
  }

  /** The store's counts, read at most once a second; the last ones when the store fails. */
  private synchronized JobCounts counts() {
    long now = System.nanoTime();
    if (readAt == Long.MIN_VALUE || now - readAt >= CACHE_NANOS) {
      readAt = now;
      try {
        last = store.get();
      } catch (RuntimeException e) {
        // the store is unreachable: the gauges keep the last counts; the worker logs the failure
      }
    }
    return last;
  }

  public void redelivered(int jobs) {
    redelivered.increment(jobs);
  }

  public void callbackFailed() {
    callbacksFailed.increment();
  }
}
