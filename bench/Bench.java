import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.runbox.config.ConfigLoader;
import dev.runbox.config.RunboxConfig;
import dev.runbox.core.FileSet;
import dev.runbox.core.Limits;
import dev.runbox.images.ImageCatalogDirectory;
import dev.runbox.images.ImageManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * runbox against the engine's own floors and against plain {@code docker run}, side by side in one
 * run on one machine. Reports ratios and whether each target is met; never asserts on time. Usage
 * (see scripts/bench.sh): Bench URL SERVICE_PID OUT.json; RUNBOX_BENCH_QUICK=1 repeats less.
 * RUNBOX_BENCH_IMAGES=java,typescript runs only the per-image comparison, for those catalog names
 * (RUNBOX_BENCH_REPEAT spaced runs each, 3 unless set), and writes only its rows.
 */
public final class Bench {
  static final Duration THINK = Duration.ofMillis(1200);
  static final Duration SAMPLE_PAUSE = Duration.ofMillis(1500);
  static final List<String> PRINT = List.of("python3", "-c", "print(1)");

  /**
   * The think time's sides. {@code runbox} and {@code rawExec}, which the targets compare, are each
   * measured with no client library ({@link LeanHttp}, {@link RawExec}); {@code runboxJdkClient}
   * and {@code rawExecDockerJava} are the same two through the JDK's HttpClient and docker-java, to
   * show what the benchmark's own clients add.
   */
  record ThinkTime(
      int n,
      double pauseS,
      Measure.Stats runbox,
      Measure.Stats rawExec,
      Measure.Stats dockerRun,
      Measure.Stats runboxJdkClient,
      Measure.Stats rawExecDockerJava) {}

  record Level(
      int concurrency,
      Measure.Stats runbox,
      Measure.Stats lifecycleFloor,
      Measure.Stats dockerRun,
      Map<String, Double> phaseMeanMs) {}

  record ImageRow(String image, Measure.Stats runbox, Measure.Stats plainExec) {}

  record RequestSize(int files, long totalBytes, double p50Ms, double p95Ms) {}

  record Memory(double idleMib, double underLoadPeakMib) {}

  record ImageResults(String date, int repeat, List<ImageRow> perImage, List<String> failures) {}

  record Results(
      String date,
      boolean quick,
      ThinkTime thinkTime,
      List<Level> throughput,
      List<ImageRow> perImage,
      List<RequestSize> requestSize,
      Memory serviceRss,
      List<Report.Target> targets,
      List<String> failures) {}

  private final Api api;
  private final Floors floors;
  private final Measure measure = new Measure();
  private final boolean quick;
  private final ImageCatalogDirectory catalog;
  private final Limits python;
  private final AtomicLong peakRss = new AtomicLong();
  private final Set<String> only;
  private final int repeat;

  /**
   * @param only the images the per-image comparison runs (all when empty)
   * @param repeat the spaced runs of each image's sample
   */
  Bench(
      Api api,
      Floors floors,
      ImageCatalogDirectory catalog,
      boolean quick,
      Set<String> only,
      int repeat) {
    this.api = api;
    this.floors = floors;
    this.catalog = catalog;
    this.quick = quick;
    this.python = catalog.manifest("python").orElseThrow().limits();
    this.only = only;
    this.repeat = repeat;
  }

  public static void main(String[] args) throws Exception {
    Api api = new Api(args[0], Long.parseLong(args[1]));
    Path out = Path.of(args[2]);
    boolean quick = "1".equals(System.getenv("RUNBOX_BENCH_QUICK"));
    RunboxConfig config = ConfigLoader.load(Optional.empty(), System.getenv(), Map.of());
    ImageCatalogDirectory catalog =
        ImageCatalogDirectory.load(
            config.catalog(), config.limits().defaults(), config.limits().maximum());
    String images = System.getenv().getOrDefault("RUNBOX_BENCH_IMAGES", "").strip();
    if (!images.isEmpty()) {
      Set<String> names = new LinkedHashSet<>(List.of(images.split("\\s*,\\s*")));
      for (String n : names) {
        if (catalog.manifest(n).isEmpty()) {
          throw new IllegalArgumentException("RUNBOX_BENCH_IMAGES: no catalog image " + n);
        }
      }
      int repeat = Integer.parseInt(System.getenv().getOrDefault("RUNBOX_BENCH_REPEAT", "3"));
      ImageResults results =
          withFloors(
              config,
              floors -> {
                Bench bench = new Bench(api, floors, catalog, quick, names, repeat);
                floors.settle(api.pid(), Duration.ofSeconds(90));
                List<ImageRow> rows = bench.perImage();
                return new ImageResults(
                    LocalDate.now().toString(), repeat, rows, bench.measure.failures());
              });
      write(out, results);
      System.out.println(Report.imageTable(results.perImage()));
      return;
    }
    long idleRss = api.rss();
    Results results =
        withFloors(
            config,
            floors -> new Bench(api, floors, catalog, quick, Set.of(), quick ? 1 : 3).run(idleRss));
    write(out, results);
    System.out.println(Report.table(results));
  }

  /** Work with the floors connected; their containers go however it ends, an interrupt too. */
  private interface FloorsWork<T> {
    T run(Floors floors) throws Exception;
  }

  private static <T> T withFloors(RunboxConfig config, FloorsWork<T> work) throws Exception {
    try (Floors floors = Floors.connect(config)) {
      Thread hook = new Thread(floors::close);
      Runtime.getRuntime().addShutdownHook(hook);
      T result = work.run(floors);
      Runtime.getRuntime().removeShutdownHook(hook);
      return result;
    }
  }

  private static void write(Path out, Object results) throws java.io.IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(
        out,
        JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build()
                .writeValueAsString(results)
            + "\n");
  }

  Results run(long idleRss) throws Exception {
    Thread sampler = Thread.ofPlatform().daemon().start(this::sampleRss);
    floors.settle(api.pid(), Duration.ofSeconds(90));
    warmUp();
    ThinkTime think = thinkTime();
    List<Level> levels = throughput();
    List<ImageRow> images = perImage();
    List<RequestSize> sizes = requestSizes();
    sampler.interrupt();
    Memory rss = new Memory(idleRss / 1024.0, Math.max(peakRss.get(), api.peakRss()) / 1024.0);
    return new Results(
        LocalDate.now().toString(),
        quick,
        think,
        levels,
        images,
        sizes,
        rss,
        Report.targets(think, levels, images, rss),
        measure.failures());
  }

  private String trivial() throws Exception {
    return Api.request("python", Map.of("main.py", "print(1)\n"), "python3 main.py");
  }

  private void warmUp() throws Exception {
    String sandbox = floors.startSandboxContainer("runbox/python:latest", python);
    for (int i = 0; i < 4; i++) {
      api.run(trivial());
      api.runLean(trivial());
      floors.sandboxExec(sandbox, PRINT);
      floors.rawSandboxExec(sandbox, PRINT);
      floors.lifecycle("runbox/python:latest", python);
      Docker.run(Docker.trivial());
    }
    floors.remove(sandbox);
    floors.settle(api.pid(), Duration.ofSeconds(60));
  }

  private ThinkTime thinkTime() throws Exception {
    int n = quick ? 6 : 30;
    String sandbox = floors.startSandboxContainer("runbox/python:latest", python);
    String trivial = trivial();
    Map<String, Callable<Long>> sides = new LinkedHashMap<>();
    sides.put("think: runbox", () -> api.runLean(trivial));
    sides.put("think: raw exec", () -> floors.rawSandboxExec(sandbox, PRINT));
    sides.put("think: docker run", () -> Docker.run(Docker.trivial()));
    sides.put("think: runbox, JDK HttpClient", () -> api.run(trivial));
    sides.put("think: raw exec, docker-java", () -> floors.sandboxExec(sandbox, PRINT));
    Map<String, Measure.Stats> s = measure.spaced(n, THINK, sides);
    floors.remove(sandbox);
    return new ThinkTime(
        n,
        THINK.toMillis() / 1000.0,
        s.get("think: runbox"),
        s.get("think: raw exec"),
        s.get("think: docker run"),
        s.get("think: runbox, JDK HttpClient"),
        s.get("think: raw exec, docker-java"));
  }

  private List<Level> throughput() throws Exception {
    String trivial = trivial();
    List<Level> levels = new ArrayList<>();
    for (int c : new int[] {1, 4, 8, 16}) {
      int n = quick ? Math.max(8, c) : Math.max(24, 8 * c);
      floors.settle(api.pid(), Duration.ofSeconds(60));
      Map<String, Double> before = api.phases();
      Measure.Stats rb = measure.backToBack("runbox", c, n, () -> api.run(trivial));
      Map<String, Double> split = Api.meanPhases(before, api.phases());
      floors.settle(api.pid(), Duration.ofSeconds(60));
      Measure.Stats floor =
          measure.backToBack(
              "lifecycle floor", c, n, () -> floors.lifecycle("runbox/python:latest", python));
      Measure.Stats dr = measure.backToBack("docker run", c, n, () -> Docker.run(Docker.trivial()));
      levels.add(new Level(c, rb, floor, dr, split));
    }
    return levels;
  }

  private List<ImageRow> perImage() throws Exception {
    int n = repeat;
    List<ImageRow> rows = new ArrayList<>();
    for (ImageManifest m : catalog.manifests()) {
      if (!only.isEmpty() && !only.contains(m.name())) {
        continue;
      }
      FileSet green = m.samples().get("green");
      if (green == null || !Files.isDirectory(m.folder().resolve("sample/green"))) {
        continue;
      }
      floors.settle(api.pid(), Duration.ofSeconds(60));
      String plain = floors.startPlainContainer(m.ref());
      List<String> env = floors.pathAndHome(m.ref());
      String request = Api.request(m.name(), green);
      Map<String, Callable<Long>> sides = new LinkedHashMap<>();
      // an image without traffic-light rules (tiny) calls every ended run "completed"
      String outcome = m.rules().rules().isEmpty() ? "completed" : "green";
      sides.put(m.name() + ": runbox", () -> api.run(request, outcome));
      sides.put(m.name() + ": plain exec", () -> floors.plainExec(plain, green, m.command(), env));
      measure.spaced(1, SAMPLE_PAUSE, sides);
      Map<String, Measure.Stats> s = measure.spaced(n, SAMPLE_PAUSE, sides);
      floors.remove(plain);
      rows.add(
          new ImageRow(m.name(), s.get(m.name() + ": runbox"), s.get(m.name() + ": plain exec")));
    }
    return rows;
  }

  private List<RequestSize> requestSizes() throws Exception {
    List<RequestSize> out = new ArrayList<>();
    for (int files : new int[] {1, 100, 1000}) {
      int each = 5 * 1024 * 1024 / files;
      Map<String, String> content = new LinkedHashMap<>();
      for (int i = 0; i < files; i++) {
        content.put("d/f" + i + ".txt", "x".repeat(each));
      }
      String request = Api.request("python", content, "ls d | wc -l");
      Measure.Stats s =
          measure.backToBack(files + " files", 1, quick ? 2 : 8, () -> api.run(request));
      out.add(new RequestSize(files, (long) each * files, s.p50Ms(), s.p95Ms()));
    }
    return out;
  }

  private void sampleRss() {
    while (!Thread.currentThread().isInterrupted()) {
      peakRss.accumulateAndGet(api.rss(), Math::max);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
