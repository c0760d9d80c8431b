package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import dev.runbox.app.Runbox;
import dev.runbox.app.Wiring;
import dev.runbox.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service survives its engine's restart: a Docker engine of the test's own ({@link TestEngine};
 * the machine's engine is never touched) is stopped and started again while runs keep coming. Runs
 * during the outage may fail; once the service says ready again every run answers 200, and after
 * one pool round no dead runbox container is left on the engine. Two images, both kept warm: one
 * under load, whose pool the load keeps nearly empty, and one quiet, whose warm containers all die
 * idle with the engine and must never reach a run. Without a reaper: what the engine's death left
 * behind is the pool's to clear.
 */
@Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
class EngineRestartIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The image under load and the quiet one: both the smallest runbox image with the runner shell
   * the wrapper needs, under two names.
   */
  private static final String LOADED = "base";

  private static final String QUIET = "quiet";
  private static final int WARM = 3;
  private static final int LOAD_THREADS = 4;

  /**
   * A pool round every 7.5 s; long enough that the quiet image's warm containers, dead with the
   * engine, are not yet recycled for their age when the first runs come after the restart.
   */
  private static final int MAX_IDLE_S = 30;

  private static final Duration POOL_ROUND = Duration.ofMillis(MAX_IDLE_S * 1000 / 4);

  @TempDir static Path catalog;

  /** The service's data folder (made at start-up), not the user's. */
  @TempDir static Path data;

  private static TestEngine engine;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final AtomicInteger runs = new AtomicInteger();

  /** A run sent: when, and whether it answered 200 with its own output. */
  private record Sent(long atNanos, boolean ok, String answer) {}

  @BeforeAll
  static void startAnEngineOfTheTestsOwnWithTheBaseImage() throws IOException {
    Optional<String> why = TestEngine.unavailable();
    assumeTrue(why.isEmpty(), () -> "needs an engine of its own: " + why.orElseThrow());
    engine = TestEngine.start();
    try (Engine main =
        Engine.connect(URI.create("unix:///var/run/docker.sock"), Duration.ofMinutes(3), 4)) {
      assertThat(DockerFixture.answers(main))
          .as("the machine's engine must answer on /var/run/docker.sock, to copy the image from")
          .isTrue();
      engine.copyImage(main, "runbox/base", "trixie", List.of(ref(LOADED), ref(QUIET)));
    }
    for (String image : List.of(LOADED, QUIET)) {
      Files.writeString(
          Files.createDirectories(catalog.resolve(image)).resolve("manifest.json"),
          """
          {"name": "%s", "language": "sh", "version": "1", "framework": "none", "extension": ".sh",
           "command": "sh hello.sh",
           "limits": {"time_s": 10, "memory_mib": 64, "cpus": 0.5, "pids": 32, "disk_mib": 16,
                      "output_kib": 16, "open_files": 64},
           "aliases": {}, "rules": []}"""
              .formatted(image));
    }
  }

  private static String ref(String image) {
    return "runbox/" + image + ":latest";
  }

  @AfterAll
  static void removeTheEngine() {
    if (engine != null) {
      engine.close();
    }
  }

  @AfterEach
  void closeTheClient() {
    http.close();
  }

  @Test
  void afterTheEngineRestartedUnderLoadEveryRunAnswersAndNoDeadContainerOutlivesAPoolRound()
      throws Exception {
    try (Runbox runbox = service()) {
      WarmPool pool = ((DockerSandbox) runbox.sandbox()).pool().orElseThrow();
      for (String image : List.of(LOADED, QUIET)) {
        assertThat(pool.awaitIdle(ref(image), WARM, Duration.ofSeconds(60))).as(image).isTrue();
      }
      Queue<Sent> load = new ConcurrentLinkedQueue<>();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> senders = load(runbox, load, stop);
      long stopping;
      long recovered;
      List<Sent> after = new ArrayList<>();
      try {
        await(() -> load.stream().filter(Sent::ok).count() >= 8, Duration.ofSeconds(60), "load");
        assertThat(pool.awaitIdle(ref(QUIET), WARM, Duration.ZERO)).as("quiet pool full").isTrue();
        stopping = System.nanoTime();
        engine.stopDaemon();
        engine.startDaemon();
        await(() -> ready(runbox), Duration.ofSeconds(60), "the service ready again");
        recovered = System.nanoTime();
        for (int i = 0; i < 10; i++) {
          after.add(run(runbox, i % 2 == 0 ? QUIET : LOADED));
        }
      } finally {
        stop.set(true);
      }
      for (Thread t : senders) {
        assertThat(t.join(Duration.ofSeconds(60))).as("a load thread ended").isTrue();
      }
      after.addAll(concurrently(runbox, 6));
      load.stream().filter(s -> s.atNanos() > recovered).forEach(after::add);

      assertThat(load.stream().filter(s -> s.atNanos() < stopping && s.ok()).count())
          .as("runs answered before the engine stopped")
          .isPositive();
      assertThat(after.stream().filter(s -> !s.ok()).map(Sent::answer).toList())
          .as(
              "runs sent once the service was ready again (of %d; %d failed while the engine was"
                  + " away)",
              after.size(), load.stream().filter(s -> !s.ok() && s.atNanos() <= recovered).count())
          .isEmpty();
      assertThat(deadAfterAPoolRound())
          .as("dead runbox containers on the engine after a pool round")
          .isEmpty();
    }
    assertThat(engine.runboxContainers().stream().map(EngineRestartIT::describe))
        .as("runbox containers left on the engine once the service stopped")
        .isEmpty();
  }

  /** Threads that send runs one after another until {@code stop}; a refusal paces the next. */
  private List<Thread> load(Runbox runbox, Queue<Sent> sent, AtomicBoolean stop) {
    List<Thread> senders = new ArrayList<>();
    for (int i = 0; i < LOAD_THREADS; i++) {
      senders.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!stop.get()) {
                      Sent s = run(runbox, LOADED);
                      sent.add(s);
                      if (!s.ok()) {
                        // Pacing, not synchronisation: a client does not hammer a refusal.
                        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                      }
                    }
                  }));
    }
    return senders;
  }

  /**
   * The dead runbox containers once a pool round has passed since the last run: a round under way
   * may have listed the engine just before a removal failed, so it waits out two, and the removals'
   * own time. A refill's create that the stopping engine carried out without answering holds its
   * container's label (in use, so no round removes it for that) until the control client gives up
   * on the answer; a container still not started {@link Engine#NEVER_STARTED} after its creation is
   * removed whatever its label says, so that is the longest wait. It returns as soon as none is
   * left, and what it returns is the listing it judged by: a listing taken again afterwards could
   * catch a refill's container between its create and its start ({@code created} for a moment).
   */
  private static List<String> deadAfterAPoolRound() {
    long deadline =
        System.nanoTime()
            + POOL_ROUND.multipliedBy(2).plusSeconds(5).plus(Engine.NEVER_STARTED).toNanos();
    List<String> dead = dead();
    while (!dead.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      dead = dead();
    }
    return dead;
  }

  /**
   * The real service on the test's engine, with a warm pool and no reaper; room for the test's own
   * runs beside the load's, so that they do not queue behind it.
   */
  private static Runbox service() {
    Map<String, String> flags =
        Map.of(
            "port", "0",
            "docker_host", engine.host().toString(),
            "pool_size", Integer.toString(WARM),
            "pool_min_size", Integer.toString(WARM),
            "pool_max_idle_s", Integer.toString(MAX_IDLE_S),
            "max_running", Integer.toString(2 * LOAD_THREADS),
            "instance_id", "it-" + UUID.randomUUID(),
            "data_dir", data.toString(),
            // nothing here is about jobs
            "jobs_url", "off");
    return Wiring.of(ConfigLoader.load(Optional.empty(), Map.of(), flags))
        .catalog(catalog)
        .withoutReaper()
        .service()
        .start();
  }

  /** One run through the API; it must answer 200 and print its own line. */
  private Sent run(Runbox runbox, String image) {
    String line = "run-" + runs.incrementAndGet();
    long at = System.nanoTime();
    try {
      String body =
          JSON.writeValueAsString(
              Map.of("image", image, "files", Map.of("hello.sh", "echo " + line)));
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri(runbox, "/v1/runs"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      boolean ok =
          r.statusCode() == 200
              && (line + "\n").equals(JSON.readTree(r.body()).at("/stdout/content").asText());
      return new Sent(at, ok, r.statusCode() + " " + r.body());
    } catch (IOException e) {
      return new Sent(at, false, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Sent(at, false, "interrupted");
    }
  }

  /** {@code n} runs at once, half of them on each image. */
  private List<Sent> concurrently(Runbox runbox, int n) throws InterruptedException {
    Queue<Sent> sent = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String image = i % 2 == 0 ? QUIET : LOADED;
      threads.add(Thread.ofVirtual().start(() -> sent.add(run(runbox, image))));
    }
    for (Thread t : threads) {
      assertThat(t.join(Duration.ofSeconds(90))).as("a concurrent run ended").isTrue();
    }
    return List.copyOf(sent);
  }

  private boolean ready(Runbox runbox) {
    try {
      return http.send(
                  HttpRequest.newBuilder(uri(runbox, "/health/ready"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static URI uri(Runbox runbox, String path) {
    return URI.create("http://127.0.0.1:" + runbox.port() + path);
  }

  /** Runbox containers on the engine that are not running and not on their way out. */
  private static List<String> dead() {
    return engine.runboxContainers().stream()
        .filter(c -> List.of("created", "exited", "dead").contains(c.getState()))
        .map(EngineRestartIT::describe)
        .toList();
  }

  private static String describe(Container c) {
    return c.getNames()[0]
        + " "
        + c.getState()
        + " "
        + c.getLabels().get(Labels.RUN)
        + " created at "
        + java.time.Instant.ofEpochSecond(c.getCreated());
  }

  /** Polls {@code condition} every 100 ms until it holds; fails when {@code timeout} passes. */
  private static void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline)
          .as("%s within %d s", what, timeout.toSeconds())
          .isTrue();
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }
}
