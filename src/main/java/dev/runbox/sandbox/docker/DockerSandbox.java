package dev.runbox.sandbox.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.runbox.core.CapturedBytes;
import dev.runbox.core.SandboxJob;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.SandboxUnavailableException;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
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
 * limits): in one exec ({@link Runner}) copy the files in as a tar stream, run the command under
 * the inner timer while the outer deadline watches, kill every process of the run and take the
 * counters and files back as data; then remove the container whatever happened.
 */
public final class DockerSandbox implements dev.runbox.core.Sandbox, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DockerSandbox.class);
  private static final Duration SETUP_ALLOWANCE = Duration.ofSeconds(60);

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
      // Removal, then the refill: one piece of background engine work at a time per run, after
      // the run, so that neither competes with the run itself.
      containers.removeLater(containerId, "run " + job.runId(), () -> {
        activeRuns.remove(done);
        phaseListener.phase("remove", (System.nanoTime() - removeStart) / 1_000_000);
        pool.ifPresent(p -> p.replenish(job.imageRef()));
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
    Duration limit = job.limits().time();
    byte[] tar = TarFiles.pack(job.files(), clock.instant());
    // The outer deadline starts before the files are unpacked and must not race the inner timer,
    // which may take the limit plus its one-second kill-after: the grace comes on top of both.
    Runner.Ran ran = Runner.run(engine, containerId, runUser(), job, tar, limit.plus(settings.innerAllowance()),
        limit.plus(Runner.KILL_AFTER).plus(settings.outerGrace()), settings.maxFilesBack(), settings.runtime().isEmpty());
    phases.mark("exec");
    return switch (ran) {
      case Runner.CutOff c -> containers.stopped(containerId)
          .map(stopped -> dead(job, c.stdout(), c.stderr(), c.wallMs(), stopped, limit))
          .orElseGet(() -> {
            containers.kill(containerId);
            return new SandboxResult(c.stdout(), c.stderr(), 137, Timeout.OUTER, false, List.of(), false,
                new Usage(c.wallMs(), Usage.UNKNOWN, Usage.UNKNOWN));
          });
      case Runner.Complete c -> {
        phases.mark("harvest");
        Usage usage = new Usage(c.wallMs(), c.stats().cpuMs(), c.stats().memoryPeakBytes());
        yield new SandboxResult(c.stdout(), c.stderr(), c.exitStatus(), innerTimeout(c.exitStatus(), c.wallMs(), limit),
            c.stats().oomKills() > 0, c.files().files(), c.files().complete(), usage);
      }
      case Runner.NoTrailer n -> fromOutside(containerId, job, n, limit, phases);
    };
  }

  /**
   * The whole container died under the run (under gVisor a memory or fork bomb ends the
   * sandbox's kernel): nothing is left to kill or take back.
   */
  private static SandboxResult dead(SandboxJob job, CapturedBytes stdout, CapturedBytes stderr, long wallMs, Containers.Stopped stopped,
      Duration limit) {
    boolean oom = stopped.oomKilled();
    log.info("run {} ended its whole container (OOM-killed: {})", job.runId(), oom);
    return new SandboxResult(stdout, stderr, 137, innerTimeout(137, wallMs, limit), oom, List.of(), false,
        new Usage(wallMs, Usage.UNKNOWN, Usage.UNKNOWN));
  }

  /** 124: the command ended on TERM; 137: it ignored TERM and got the KILL one second later. */
  private static Timeout innerTimeout(int exitStatus, long wallMs, Duration limit) {
    boolean innerFired = exitStatus == 124 || exitStatus == 137;
    return innerFired && wallMs >= limit.toMillis() ? Timeout.INNER : Timeout.NONE;
  }

  /**
   * The wrapper did not report (the run killed it, or it could not start): kill what is left and
   * take the counters and files back with a second exec.
   */
  private SandboxResult fromOutside(String containerId, SandboxJob job, Runner.NoTrailer n, Duration limit, Phases phases) {
    Optional<Containers.Stopped> stopped = containers.stopped(containerId);
    if (stopped.isPresent()) {
      return dead(job, n.stdout(), n.stderr(), n.wallMs(), stopped.get(), limit);
    }
    Harvest.Taken taken = Harvest.take(engine, containerId, runUser(), job, settings.maxFilesBack());
    phases.mark("harvest");
    CgroupStats stats = taken.stats();
    Usage usage = new Usage(n.wallMs(), stats.cpuMs(), stats.memoryPeakBytes());
    if (stats.leftovers() > 0) {
      // Processes still alive after the wrapper's end mean the program killed the wrapper and its
      // inner timer. The service stopped them from outside.
      log.info("run {} defeated its inner timer; {} processes killed from outside", job.runId(), stats.leftovers());
      return new SandboxResult(n.stdout(), n.stderr(), 137, Timeout.OUTER, stats.oomKills() > 0, taken.files(),
          taken.complete(), usage);
    }
    return new SandboxResult(n.stdout(), n.stderr(), n.exitStatus(), innerTimeout(n.exitStatus(), n.wallMs(), limit),
        stats.oomKills() > 0, taken.files(), taken.complete(), usage);
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
