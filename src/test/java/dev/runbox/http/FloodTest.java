package dev.runbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.FakeSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Far more concurrent runs than sandboxes: each gets a result or a 429, never anything else. */
class FloodTest {
  private static final int REQUESTS = 400;
  private static final int CLIENTS = 64;

  private final FakeSandbox sandbox = new FakeSandbox().takes(Duration.ofMillis(5));
  private final TestServer http =
      new TestServer(
          sandbox, Map.of("max_running", "4", "max_queued", "4", "queue_timeout_s", "0"));

  @AfterEach
  void stop() {
    http.close();
  }

  @Test
  void answersOnly200Or429WhenFloodedAndFreesEverySlot() throws Exception {
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        done.add(
            clients.submit(
                () -> {
                  while (next.getAndIncrement() < REQUESTS) {
                    int status =
                        http.run("{\"image\": \"tiny\", \"files\": {\"hello.sh\": \"echo hi\"}}")
                            .status();
                    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }

    assertThat(statuses.keySet()).as("statuses seen: " + statuses).containsOnly(200, 429);
    int ok = statuses.get(200).get();
    assertThat(ok + statuses.get(429).get()).isEqualTo(REQUESTS);
    assertThat(sandbox.finished()).isEqualTo(ok);
    assertThat(http.gate.running(4)).isZero();
    assertThat(http.gate.waiting()).isZero();
    assertThat(http.get("/health/live").status()).isEqualTo(200);
  }
}
