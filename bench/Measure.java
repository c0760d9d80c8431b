import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Timings of repeated tasks, back to back or spaced; failures are counted and kept, not thrown. */
final class Measure {
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

  /** Percentiles in milliseconds; {@code perSecond} is NaN for spaced runs. */
  record Stats(
      String name,
      int concurrency,
      int n,
      double p50Ms,
      double p95Ms,
      double perSecond,
      int failed) {}

  List<String> failures() {
    return List.copyOf(failures);
  }

  /** {@code n} tasks, {@code c} at a time, each started as soon as one ends. */
  Stats backToBack(String name, int c, int n, Callable<Long> task) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(c);
    long t0 = System.nanoTime();
    List<Future<Long>> fs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      fs.add(pool.submit(task));
    }
    List<Long> ms = new ArrayList<>();
    for (Future<Long> f : fs) {
      try {
        ms.add(f.get(10, TimeUnit.MINUTES));
      } catch (Exception e) {
        failed(name, e);
      }
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    return stats(name, c, n, ms, ms.size() / elapsed);
  }

  /**
   * {@code n} rounds; in each, every side once in turn, each after a pause of {@code pause} (a
   * person's think time, in which runbox's pool refills), so all sides see the same machine.
   */
  Map<String, Stats> spaced(int n, Duration pause, Map<String, Callable<Long>> sides)
      throws InterruptedException {
    Map<String, List<Long>> ms = new LinkedHashMap<>();
    sides.keySet().forEach(k -> ms.put(k, new ArrayList<>()));
    for (int i = 0; i < n; i++) {
      for (Map.Entry<String, Callable<Long>> side : sides.entrySet()) {
        Thread.sleep(pause.toMillis());
        try {
          ms.get(side.getKey()).add(side.getValue().call());
        } catch (Exception e) {
          failed(side.getKey(), e);
        }
      }
    }
    Map<String, Stats> out = new LinkedHashMap<>();
    ms.forEach((k, v) -> out.put(k, stats(k, 1, n, v, Double.NaN)));
    return out;
  }

  private void failed(String name, Exception e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    failures.add(name + ": " + cause.getMessage());
  }

  private static Stats stats(String name, int c, int n, List<Long> ms, double perSecond) {
    List<Long> sorted = new ArrayList<>(ms);
    Collections.sort(sorted);
    Stats s =
        new Stats(name, c, n, pct(sorted, 0.5), pct(sorted, 0.95), perSecond, n - sorted.size());
    System.err.printf(
        Locale.ROOT,
        "bench: %-28s c=%-2d n=%-3d p50=%.0f p95=%.0f ms%s failed=%d%n",
        name,
        c,
        n,
        s.p50Ms(),
        s.p95Ms(),
        Double.isNaN(perSecond) ? "" : String.format(Locale.ROOT, " %.2f/s", perSecond),
        s.failed());
    return s;
  }

  /** The nearest-rank percentile; NaN when nothing was measured. */
  static double pct(List<Long> sorted, double p) {
    return sorted.isEmpty()
        ? Double.NaN
        : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }
}
