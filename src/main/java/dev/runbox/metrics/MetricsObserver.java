package dev.runbox.metrics;

import dev.runbox.core.Outcome;
import dev.runbox.core.RunObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the service does into Prometheus metrics: runs by image and outcome, run durations,
 * refusals, engine failures, queue depth, running sandboxes, run phases and reaped containers.
 * Image names come from the catalog and reasons from the core, so label values stay few.
 */
public final class MetricsObserver implements RunObserver {
  private static final Logger log = LoggerFactory.getLogger(MetricsObserver.class);
  private static final Duration[] DURATION_BUCKETS = {
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
    Duration.ofSeconds(60), Duration.ofSeconds(120)
  };

  private final MeterRegistry registry;
  private final Counter engineErrors;
  private final Counter reaped;

  /**
   * @param queueDepth how many runs wait for a sandbox now (e.g. {@code AdmissionGate::waiting})
   * @param running how many sandboxes run now
   */
  public MetricsObserver(MeterRegistry registry, IntSupplier queueDepth, IntSupplier running) {
    this.registry = registry;
    this.engineErrors =
        Counter.builder("runbox.engine.errors")
            .description("Runs that failed because the sandbox engine failed")
            .register(registry);
    this.reaped =
        Counter.builder("runbox.containers.reaped")
            .description("Orphaned containers removed by the reaper")
            .register(registry);
    // strong references: a gauge holds its object weakly, and these suppliers (method references
    // made
    // by the caller) have no other holder, so a garbage collection turned both gauges into NaN
    Gauge.builder("runbox.queue.depth", queueDepth, s -> s.getAsInt())
        .strongReference(true)
        .description("Runs waiting for a sandbox")
        .register(registry);
    Gauge.builder("runbox.sandboxes.running", running, s -> s.getAsInt())
        .strongReference(true)
        .description("Sandboxes running now")
        .register(registry);
  }

  @Override
  public void finished(String image, Outcome outcome, Duration duration) {
    try {
      Counter.builder("runbox.runs")
          .description("Runs finished, by image and outcome")
          .tag("image", image)
          .tag("outcome", outcome.apiName())
          .register(registry)
          .increment();
      Timer.builder("runbox.run.duration")
          .description("Wall-clock time of a run, admission wait included")
          .tag("image", image)
          .serviceLevelObjectives(DURATION_BUCKETS)
          .register(registry)
          .record(duration);
    } catch (RuntimeException e) {
      log.warn("cannot record a finished run of {}: {}", image, e.toString());
    }
  }

  @Override
  public void cancelled() {
    try {
      Counter.builder("runbox.runs.cancelled")
          .description("Runs stopped because their client went away")
          .register(registry)
          .increment();
    } catch (RuntimeException e) {
      log.warn("cannot record a cancelled run: {}", e.toString());
    }
  }

  @Override
  public void refused(String reason) {
    try {
      Counter.builder("runbox.runs.refused")
          .description("Runs refused before they started, by reason")
          .tag("reason", reason)
          .register(registry)
          .increment();
    } catch (RuntimeException e) {
      log.warn("cannot record a refused run ({}): {}", reason, e.toString());
    }
  }

  @Override
  public void engineFailed() {
    engineErrors.increment();
  }

  @Override
  public void reaped(int n) {
    if (n > 0) {
      reaped.increment(n);
    }
  }

  /**
   * Time spent in one phase of a run (container, exec, harvest, remove), for finding where time
   * goes.
   */
  @Override
  public void phase(String name, long millis) {
    Timer.builder("runbox_run_phase")
        .description("time spent per phase of a run")
        .tag("phase", name)
        .register(registry)
        .record(Duration.ofMillis(millis));
  }
}
