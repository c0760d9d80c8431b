import dev.runbox.config.ConfigLoader;
import dev.runbox.config.RunboxConfig;
import dev.runbox.core.Limits;
import dev.runbox.images.ImageCatalogDirectory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A short side-by-side for working on the warm path: think-time p50 of a trivial Python print
 * through the API, and back-to-back throughput at concurrency 1 and 8 against the lifecycle floor.
 * Usage: QuickBench URL SERVICE_PID [ROUNDS]. Reports; never asserts on time.
 */
public final class QuickBench {
  public static void main(String[] args) throws Exception {
    Api api = new Api(args[0], Long.parseLong(args[1]));
    int think = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    RunboxConfig config = ConfigLoader.load(Optional.empty(), System.getenv(), Map.of());
    ImageCatalogDirectory catalog =
        ImageCatalogDirectory.load(
            config.catalog(), config.limits().defaults(), config.limits().maximum());
    Limits python = catalog.manifest("python").orElseThrow().limits();
    Measure m = new Measure();
    String trivial = Api.request("python", Map.of("main.py", "print(1)\n"), "python3 main.py");
    try (Floors floors = Floors.connect(config)) {
      floors.settle(api.pid(), Duration.ofSeconds(60));
      for (int i = 0; i < 4; i++) {
        api.run(trivial);
        floors.lifecycle("runbox/python:latest", python);
      }
      floors.settle(api.pid(), Duration.ofSeconds(60));
      Map<String, Callable<Long>> sides = new LinkedHashMap<>();
      sides.put("think: runbox", () -> api.runLean(trivial));
      print(m.spaced(think, Bench.THINK, sides).get("think: runbox"));
      for (int c : new int[] {1, 8}) {
        int n = Math.max(24, 4 * c);
        floors.settle(api.pid(), Duration.ofSeconds(60));
        print(m.backToBack("runbox", c, n, () -> api.run(trivial)));
        floors.settle(api.pid(), Duration.ofSeconds(60));
        print(
            m.backToBack(
                "lifecycle floor", c, n, () -> floors.lifecycle("runbox/python:latest", python)));
      }
    }
    System.out.println("failures: " + m.failures());
  }

  private static void print(Measure.Stats s) {
    System.out.printf(
        "%-16s c=%-2d n=%-3d p50 %6.0f ms  p95 %6.0f ms  %5.2f/s  failed %d%n",
        s.name(), s.concurrency(), s.n(), s.p50Ms(), s.p95Ms(), s.perSecond(), s.failed());
  }
}
