package dev.runbox.sandbox.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.runbox.core.Deadlines;
import dev.runbox.core.RunObserver;
import dev.runbox.core.Sandbox;
import dev.runbox.core.SandboxJob;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.SandboxUnavailableException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a job in a fresh container (a warm one from the pool when the job uses the image's default
 * limits): in one exec ({@link Runner}) copy the files in as a tar stream, run the command under
 * the inner timer while the outer deadline watches, kill every process of the run and take the
 * counters and files back as data; then remove the container whatever happened. What the run did is
 * decided by {@link RunReport}.
 */
public final class DockerSandbox implements Sandbox, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DockerSandbox.class);

  private final Engine engine;
  private final DockerSandboxSettings settings;
  private final Clock clock;
  private final Containers containers;
  private final Optional<WarmPool> pool;
  private final LiveRuns live;
  private final RunObserver observer;
  private final Labels.Owner owner = Labels.Owner.current();

  /**
   * @param live where this sandbox (and its pool) registers the runs whose containers are in use,
   *     for the reaper
   * @param observer hears how long each phase of a run took: container, exec, harvest, remove
   */
  public DockerSandbox(
      Engine engine,
      DockerSandboxSettings settings,
      PoolSettings poolSettings,
      LiveRuns live,
      RunObserver observer,
      Clock clock) {
    this.engine = engine;
    this.settings = settings;
    this.clock = clock;
    this.live = live;
    this.observer = observer;
    this.containers = new Containers(engine);
    this.pool =
        poolSettings.enabled()
            ? Optional.of(new WarmPool(containers, settings, clock, poolSettings, live))
            : Optional.empty();
    pool.ifPresent(WarmPool::start);
  }

  @Override
  public SandboxResult run(SandboxJob job) {
    MDC.put("run", job.runId());
    String containerId = "";
    String label = job.runId();
    Phases phases = new Phases();
    live.register(label);
    try {
      Optional<WarmPool.Taken> warm = pool.flatMap(p -> p.take(job.imageRef(), job.limits()));
      if (warm.isPresent()) {
        label = warm.get().poolId();
        live.release(job.runId());
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
      throw new SandboxUnavailableException(
          job.runId(),
          containerId,
          "image " + job.imageRef() + " is not on the engine; build it with 'runbox images build'",
          e);
    } catch (RuntimeException e) {
      throw new SandboxUnavailableException(
          job.runId(), containerId, "the Docker engine failed: " + e.getMessage(), e);
    } finally {
      String done = label;
      long removeStart = System.nanoTime();
      // Removal, then the refill: one piece of background engine work at a time per run, after
      // the run, so that neither competes with the run itself.
      containers.removeLater(
          containerId,
          "run " + job.runId(),
          () -> {
            live.release(done);
            observer.phase("remove", (System.nanoTime() - removeStart) / 1_000_000);
            pool.ifPresent(p -> p.replenish(job.imageRef()));
          });
      log.debug("run {} phases: {}", job.runId(), phases);
      phases.millis().forEach(observer::phase);
      MDC.remove("run");
    }
  }

  private String coldContainer(SandboxJob job) {
    Deadlines deadlines = settings.deadlines(job.limits().time());
    ContainerSpec spec =
        ContainerSpec.of(
            job.imageRef(),
            job.limits(),
            settings,
            Labels.forRun(
                settings.instanceId(),
                job.runId(),
                clock.instant().plus(deadlines.coldLabel()),
                owner));
    String id = containers.createAndStart(spec, "runbox-" + job.runId());
    log.info("run {} started in container {}", job.runId(), id);
    return id;
  }

  private SandboxResult runIn(String containerId, SandboxJob job, Phases phases) {
    RunReport report = new RunReport(job.runId(), job.limits().time());
    byte[] tar = TarFiles.pack(job.files(), clock.instant());
    Runner.Ran ran =
        Runner.run(
            engine,
            containerId,
            settings.runUser(),
            job,
            tar,
            settings.deadlines(job.limits().time()),
            settings.maxFilesBack(),
            settings.runtime().isEmpty());
    phases.mark("exec");
    return switch (ran) {
      case Runner.CutOff c -> {
        Optional<Containers.Stopped> stopped = containers.stopped(containerId);
        if (stopped.isEmpty()) {
          containers.kill(containerId);
        }
        yield report.cutOff(c, stopped);
      }
      case Runner.Complete c -> {
        phases.mark("harvest");
        yield report.reported(c);
      }
      case Runner.NoTrailer n -> {
        Optional<Containers.Stopped> stopped = containers.stopped(containerId);
        if (stopped.isPresent()) {
          yield report.dead(n, stopped.get());
        }
        Harvest.Taken taken =
            Harvest.take(engine, containerId, settings.runUser(), job, settings.maxFilesBack());
        phases.mark("harvest");
        yield report.fromOutside(n, taken);
      }
    };
  }

  /** The warm pool, if there is one (tests watch it fill). */
  Optional<WarmPool> pool() {
    return pool;
  }

  /** Removes the warm containers and waits (bounded) for pending removals. */
  @Override
  public void close() {
    pool.ifPresent(WarmPool::close);
    containers.close();
  }
}
