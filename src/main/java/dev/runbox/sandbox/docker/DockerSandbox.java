package dev.runbox.sandbox.docker;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.runbox.core.FileSet;
import dev.runbox.core.Limits;
import dev.runbox.core.Live;
import dev.runbox.core.LiveInput;
import dev.runbox.core.RunObserver;
import dev.runbox.core.Sandbox;
import dev.runbox.core.SandboxJob;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.SandboxSession;
import dev.runbox.core.SandboxUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
  private final Placement placement;
  private final RunObserver observer;
  private final LiveRuns live;
  private final Cancels cancels = new Cancels();

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
    this.containers = new Containers(engine);
    this.placement =
        new Placement(engine, containers, settings, poolSettings, live, observer, clock);
    this.observer = observer;
    this.live = live;
  }

  /** A session in a container of its own (a warm one when one fits): see {@link DockerSession}. */
  @Override
  public SandboxSession open(String sessionId, String imageRef, Limits limits, Duration lifetime) {
    return DockerSession.open(
        engine,
        containers,
        settings,
        live,
        cancels,
        placement.pool(),
        clock,
        sessionId,
        imageRef,
        limits,
        lifetime);
  }

  /**
   * Runs the job; when the wrapper of its (warm) container ended before the request reached it,
   * nothing of the run ran, and the run takes a cold container instead, once.
   */
  @Override
  public SandboxResult run(SandboxJob job) {
    return run(job, Live.none());
  }

  /**
   * Runs the job with its output given to {@code live} as the wrapper's stream brings it (up to the
   * job's output cap) and, for an interactive run, stdin and signals from {@code live} written into
   * that stream while it runs ({@link Runner}).
   */
  @Override
  public SandboxResult run(SandboxJob job, Live live) {
    MDC.put("run", job.runId());
    try {
      Optional<SandboxResult> first = attempt(job, 0, live);
      if (first.isPresent()) {
        return first.get();
      }
      log.warn(
          "run {}: the wrapper in its container ended before the run reached it; trying a cold"
              + " container",
          job.runId());
      return attempt(job, 1, live)
          .orElseThrow(
              () ->
                  new SandboxUnavailableException(
                      job.runId(),
                      "",
                      "the sandbox's wrapper ended before the run reached it, in two containers",
                      null));
    } finally {
      live.input().ifPresent(LiveInput::finish);
      MDC.remove("run");
    }
  }

  /**
   * Kills every container of the run, or of a run or session derived from it, now; one placed later
   * is killed as soon as it is. What ran in them ends as a sandbox that died.
   */
  @Override
  public void cancel(String runId) {
    List<String> stop = cancels.cancel(runId);
    log.info("run {} cancelled: killing its {} container(s)", runId, stop.size());
    stop.forEach(containers::kill);
  }

  /** One container for the run: empty when its wrapper was gone before the run reached it. */
  private Optional<SandboxResult> attempt(SandboxJob job, int attempt, Live live) {
    if (cancels.isCancelled(job.runId())) {
      throw new SandboxUnavailableException(job.runId(), "", "the run was cancelled", null);
    }
    Placement.Placed placed = Placement.Placed.none(Placement.label(job, attempt));
    Phases phases = new Phases();
    try {
      placed = placement.place(job, attempt);
      phases.mark("container");
      if (!cancels.serving(job.runId(), placed.containerId())) {
        containers.kill(placed.containerId());
      }
      return runIn(placed, job, phases, live);
    } catch (SandboxUnavailableException e) {
      throw e;
    } catch (NotFoundException e) {
      String why =
          "image " + job.imageRef() + " is not on the engine; build it with 'runbox images build'";
      throw new SandboxUnavailableException(job.runId(), placed.containerId(), why, e);
    } catch (RuntimeException e) {
      String why = "the Docker engine failed: " + e.getMessage();
      throw new SandboxUnavailableException(job.runId(), placed.containerId(), why, e);
    } finally {
      cancels.ended(job.runId());
      placed.wrapper().ifPresent(WaitingWrapper::close);
      placement.removeLater(job, placed);
      log.debug("run {} phases: {}", job.runId(), phases);
      phases.millis().forEach(observer::phase);
    }
  }

  private Optional<SandboxResult> runIn(
      Placement.Placed placed, SandboxJob job, Phases phases, Live live) {
    String containerId = placed.containerId();
    RunReport report = new RunReport(job.runId(), job.limits().time());
    byte[] tar =
        job.files().files().isEmpty() ? new byte[0] : TarFiles.pack(job.files(), clock.instant());
    FileSet home = job.environment().homeFiles();
    byte[] homeTar = home.files().isEmpty() ? new byte[0] : TarFiles.pack(home, clock.instant());
    Runner.Ran ran =
        Runner.run(
            placed.wrapper().orElseThrow(),
            engine,
            job,
            tar,
            homeTar,
            settings.deadlines(job.limits().time()),
            settings.maxFilesBack(),
            WaitingWrapper.reports(settings),
            live);
    phases.mark("exec");
    return switch (ran) {
      case Runner.NeverStarted n -> Optional.empty();
      case Runner.CutOff c -> {
        Optional<Containers.Stopped> stopped = containers.stopped(containerId);
        if (stopped.isEmpty()) {
          containers.kill(containerId);
        }
        yield Optional.of(report.cutOff(c, stopped));
      }
      case Runner.Complete c -> {
        phases.mark("harvest");
        yield Optional.of(report.reported(c));
      }
      case Runner.NoTrailer n -> {
        Optional<Containers.Stopped> stopped = containers.stopped(containerId);
        if (stopped.isPresent()) {
          yield Optional.of(report.dead(n, stopped.get()));
        }
        Harvest.Taken taken;
        try {
          taken =
              Harvest.take(engine, containerId, settings.runUser(), job, settings.maxFilesBack());
        } catch (ConflictException e) {
          // The engine refused the take-back's exec: the container stopped between the look
          // above and the exec (gVisor's kernel ended by a bomb). The run ended it.
          Optional<Containers.Stopped> gone = containers.stopped(containerId);
          if (gone.isPresent()) {
            yield Optional.of(report.dead(n, gone.get()));
          }
          throw e;
        }
        phases.mark("harvest");
        // A sandbox that was dying as the exec ended (gVisor's kernel ended by a bomb) may only
        // now show as stopped: then the run ended it, and nothing taken back counts.
        Optional<Containers.Stopped> after = containers.stopped(containerId);
        if (after.isPresent()) {
          yield Optional.of(report.dead(n, after.get()));
        }
        yield Optional.of(report.fromOutside(n, taken));
      }
    };
  }

  /** The warm pool, if there is one (tests watch it fill). */
  Optional<WarmPool> pool() {
    return placement.pool();
  }

  /** Removes the warm containers and waits (bounded) for pending removals. */
  @Override
  public void close() {
    placement.close();
  }
}
