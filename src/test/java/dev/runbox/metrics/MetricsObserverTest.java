package dev.runbox.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.Outcome;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

@org.junit.jupiter.api.Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class MetricsObserverTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final MetricsObserver observer =
      new MetricsObserver(registry, waiting::get, running::get);

  @Test
  void countsFinishedRunsByImageAndOutcome() {
    observer.finished("python", Outcome.GREEN, Duration.ofMillis(800));
    observer.finished("python", Outcome.GREEN, Duration.ofMillis(900));
    observer.finished("python", Outcome.RED, Duration.ofMillis(700));
    observer.finished("go", Outcome.TIMED_OUT, Duration.ofSeconds(11));

    assertThat(registry.scrape())
        .contains("runbox_runs_total{image=\"python\",outcome=\"green\"} 2.0")
        .contains("runbox_runs_total{image=\"python\",outcome=\"red\"} 1.0")
        .contains("runbox_runs_total{image=\"go\",outcome=\"timed_out\"} 1.0");
  }

  @Test
  void recordsRunDurationsInHistogramBuckets() {
    observer.finished("python", Outcome.GREEN, Duration.ofMillis(800));
    observer.finished("python", Outcome.GREEN, Duration.ofSeconds(3));

    assertThat(registry.scrape())
        .contains("runbox_run_duration_seconds_bucket{image=\"python\",le=\"1.0\"} 1")
        .contains("runbox_run_duration_seconds_bucket{image=\"python\",le=\"5.0\"} 2")
        .contains("runbox_run_duration_seconds_count{image=\"python\"} 2")
        .contains("runbox_run_duration_seconds_sum{image=\"python\"} 3.8");
  }

  @Test
  void countsRefusalsByReasonAndEngineErrors() {
    observer.refused("capacity");
    observer.refused("capacity");
    observer.engineFailed();

    assertThat(registry.scrape())
        .contains("runbox_runs_refused_total{reason=\"capacity\"} 2.0")
        .contains("runbox_engine_errors_total 1.0");
  }

  @Test
  void theGaugesStillReadAfterAGarbageCollection() {
    waiting.set(2);
    for (int i = 0; i < 3; i++) {
      System.gc(); // the suppliers are held by the gauges only; a weak hold loses them here
    }

    assertThat(registry.scrape())
        .contains("runbox_queue_depth 2.0")
        .contains("runbox_sandboxes_running 0.0");
  }

  @Test
  void readsQueueDepthAndRunningSandboxesWhenScraped() {
    waiting.set(3);
    running.set(4);

    assertThat(registry.scrape())
        .contains("runbox_queue_depth 3.0")
        .contains("runbox_sandboxes_running 4.0");
  }

  @Test
  void addsUpReapedContainersAndIgnoresZero() {
    observer.reaped(2);
    observer.reaped(0);
    observer.reaped(3);

    assertThat(registry.scrape()).contains("runbox_containers_reaped_total 5.0");
  }

  @Test
  void aNewRegistryHasJvmMemoryGauges() {
    PrometheusMeterRegistry full = PrometheusRegistry.create();

    assertThat(full.scrape())
        .contains("jvm_memory_used_bytes")
        .contains("jvm_threads_live_threads")
        .contains("process_uptime_seconds");
  }
}
