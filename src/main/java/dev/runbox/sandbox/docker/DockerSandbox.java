package dev.runbox.sandbox.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.runbox.core.SandboxJob;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.SandboxUnavailableException;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a job in a fresh container (a warm one from the pool when the job uses the image's default
 * limits): copy the files in as a tar stream and run the command under the inner timer in one
 * exec while the outer deadline watches, kill every process of the run, take the files back as
 * data, and remove the container whatever happened.
 */
public final class DockerSandbox implements dev.runbox.core.Sandbox, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DockerSandbox.class);
  private static final Duration SETUP_ALLOWANCE = Duration.ofSeconds(60);

  /**
   * Unpacks exactly $4 bytes of tar into /sandbox, then runs the command under the inner timer
   * and kills whatever it left behind. The engine API never closes an exec's stdin, so the
   * command gets exactly the $3 bytes sent for it through {@code head -c} and then end-of-file.
   * A tar failure (say, files larger than the sandbox) is the run's result: status 125.
   */
  static final String RUN_SCRIPT = "head -c \"$4\" | tar -x -f - -C /sandbox || exit 125;"
      + " if [ \"$3\" -gt 0 ]; then head -c \"$3\" | timeout -k 1 \"$1\" /bin/sh -c \"$2\";"
      + " else timeout -k 1 \"$1\" /bin/sh -c \"$2\" </dev/null; fi; s=$?; kill -9 -1 2>/dev/null; exit $s";

  private final Engine engine;
  private final DockerSandboxSettings settings;
  private final Clock clock;
  private final Containers containers;
  private final Optional<WarmPool> pool;
  private final Labels.Owner owner = Labels.Owner.current();
  private final PhaseListener phaseListener;
  private final java.util.Set<String> activeRuns = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public DockerSandbox(Engine engine, DockerSandboxSettings settings, Clock clock) {
    this(engine, settings, clock, List.of(), Duration.ofMinutes(5), Duration.ZERO);
  }

  /**
   * @param warm images to keep warm with their default limits (an empty list or sizes of 0 disable the pool)
   * @param maxIdle a warm container idle longer than this is recycled
   * @param longestRun the longest any run may take, for the warm containers' deadline labels
   */
  public DockerSandbox(Engine engine, DockerSandboxSettings settings, Clock clock, List<WarmPool.Entry> warm, Duration maxIdle, Duration longestRun) {
    this(engine, settings, clock, warm, maxIdle, longestRun, (phase, millis) -> { });
  }

  /** Hears how long each phase of a run took: container, exec, harvest, remove. */
  public interface PhaseListener {
    void phase(String name, long millis);
  }

  public DockerSandbox(Engine engine, DockerSandboxSettings settings, Clock clock, List<WarmPool.Entry> warm, Duration maxIdle,
      Duration longestRun, PhaseListener phaseListener) {
    this.phaseListener = phaseListener;
    this.engine = engine;
    this.settings = settings;
    this.clock = clock;
    this.containers = new Containers(engine);
    boolean pooled = warm.stream().anyMatch(e -> e.size() > 0);
    this.pool = pooled ? Optional.of(new WarmPool(containers, settings, clock, maxIdle, longestRun, warm, activeRuns)) : Optional.empty();
    pool.ifPresent(WarmPool::start);
  }

  @Override
  public SandboxResult run(SandboxJob job) {
    MDC.put("run", job.runId());
    String containerId = "";
    String label = job.runId();
    Phases phases = new Phases();
    activeRuns.add(label);
    try {
      Optional<WarmPool.Taken> warm = pool.flatMap(p -> p.take(job.imageRef(), job.limits()));
      if (warm.isPresent()) {
        label = warm.get().poolId();
        activeRuns.remove(job.runId());
        containerId = warm.get().containerId();
        log.info("run {} started in warm container {}", job.runId(), containerId);
      } else {
        containerId = coldContainer(job);
      }
      phases.mark("container");
      return runIn(containerId, job, phases);
    } catch (SandboxUnavailableException e) {
      throw e;
    } catch (NotFoundException e) {
      throw new SandboxUnavailableException(job.runId(), containerId,
          "image " + job.imageRef() + " is not on the engine; build it with 'runbox images build'", e);
    } catch (RuntimeException e) {
      throw new SandboxUnavailableException(job.runId(), containerId, "the Docker engine failed: " + e.getMessage(), e);
    } finally {
      String done = label;
      long removeStart = System.nanoTime();
      containers.removeLater(containerId, "run " + job.runId(), () -> {
        activeRuns.remove(done);
        phaseListener.phase("remove", (System.nanoTime() - removeStart) / 1_000_000);
      });
      log.debug("run {} phases: {}", job.runId(), phases);
      phases.millis().forEach(phaseListener::phase);
      MDC.remove("run");
    }
  }

  private String coldContainer(SandboxJob job) {
    Instant deadline = clock.instant().plus(job.limits().time()).plus(settings.outerGrace()).plus(SETUP_ALLOWANCE);
    ContainerSpec spec = ContainerSpec.of(job.imageRef(), job.limits(), settings,
        Labels.forRun(settings.instanceId(), job.runId(), deadline, owner));
    String id = containers.createAndStart(spec, "runbox-" + job.runId());
    log.info("run {} started in container {}", job.runId(), id);
    return id;
  }

  /** Waits (bounded) until the pool holds {@code n} idle containers of the image; false without a pool. */
  public boolean awaitWarm(String imageRef, int n, Duration timeout) throws InterruptedException {
    return pool.isPresent() && pool.get().awaitIdle(imageRef, n, timeout);
  }

  /** The instance id in this sandbox's container labels. */
  public String instanceId() {
    return settings.instanceId();
  }

  /** True while a container labelled with this run (or warm-pool) id is in use, waiting or being removed. */
  public boolean isActive(String runLabel) {
    return activeRuns.contains(runLabel);
  }

  /** Containers idle in the warm pool now. */
  public int warmContainers() {
    return pool.map(WarmPool::idleCount).orElse(0);
  }

  /** Removes the warm containers and waits (bounded) for pending removals. */
  @Override
  public void close() {
    pool.ifPresent(WarmPool::close);
    containers.close();
  }

  private SandboxResult runIn(String containerId, SandboxJob job, Phases phases) {
    Exec.Finished run = runCommand(containerId, job);
    phases.mark("exec");
    if (run.timeout() == Timeout.OUTER) {
      containers.kill(containerId);
      return new SandboxResult(run.stdout(), run.stderr(), 137, Timeout.OUTER, false, List.of(), false,
          new Usage(run.wallMs(), Usage.UNKNOWN, Usage.UNKNOWN));
    }
    Harvest.Taken taken = Harvest.take(engine, containerId, runUser(), job, settings.maxFilesBack());
    phases.mark("harvest");
    CgroupStats stats = taken.stats();
    Usage usage = new Usage(run.wallMs(), stats.cpuMs(), stats.memoryPeakBytes());
    if (stats.leftovers() > 0) {
      // The wrapper always kills what the command leaves; processes still alive mean the program
      // killed the wrapper and its inner timer. The service stopped them from outside.
      log.info("run {} defeated its inner timer; {} processes killed from outside", job.runId(), stats.leftovers());
      return new SandboxResult(run.stdout(), run.stderr(), 137, Timeout.OUTER, stats.oomKills() > 0, taken.files(),
          taken.complete(), usage);
    }
    return new SandboxResult(run.stdout(), run.stderr(), run.exitStatus(), run.timeout(), stats.oomKills() > 0,
        taken.files(), taken.complete(), usage);
  }

  private Exec.Finished runCommand(String containerId, SandboxJob job) {
    Duration limit = job.limits().time();
    long inner = limit.plus(settings.innerAllowance()).toSeconds();
    byte[] stdin = job.stdin();
    byte[] tar = TarFiles.pack(job.files(), clock.instant());
    List<String> argv = List.of("/bin/sh", "-c", RUN_SCRIPT, "runbox", Long.toString(inner), job.command(),
        Integer.toString(stdin.length), Integer.toString(tar.length));
    InputStream in = new SequenceInputStream(new ByteArrayInputStream(tar), new ByteArrayInputStream(stdin));
    Exec.Finished f = Exec.run(engine, containerId, runUser(), argv, in,
        job.limits().outputBytes(), limit.plus(settings.outerGrace()));
    // 124: the command ended on TERM; 137: it ignored TERM and got the KILL one second later.
    boolean innerFired = f.exitStatus() == 124 || f.exitStatus() == 137;
    if (f.timeout() == Timeout.NONE && innerFired && f.wallMs() >= limit.toMillis()) {
      return f.withTimeout(Timeout.INNER);
    }
    return f;
  }

  private String runUser() {
    return settings.runUid() + ":" + settings.runUid();
  }

  static void closeQuietly(AutoCloseable c, String what) {
    try {
      c.close();
    } catch (Exception e) {
      log.debug("closing {} failed: {}", what, e.toString());
    }
  }
}
