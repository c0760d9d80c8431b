package dev.runbox.sandbox.docker;

import dev.runbox.core.Deadlines;
import dev.runbox.core.RunObserver;
import dev.runbox.core.SandboxJob;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run executes: a warm container from the pool when the job uses the image's default
 * limits, a fresh cold one otherwise; and, after the run, the container's removal and then the
 * pool's refill. The live-runs registry knows the container by the label it carries (the run's id,
 * or the warm container's pool id) until it is removed.
 */
final class Placement implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Placement.class);

  private final Engine engine;
  private final Containers containers;
  private final DockerSandboxSettings settings;
  private final Optional<WarmPool> pool;
  private final LiveRuns live;
  private final RunObserver observer;
  private final Clock clock;
  private final Labels.Owner owner = Labels.Owner.current();

  /**
   * A container a run holds, the label the live-runs registry knows it by, and the wrapper waiting
   * in it for the run's request.
   */
  record Placed(String containerId, String label, Optional<WaitingWrapper> wrapper) {
    /** Before any container: the run is registered under its label. */
    static Placed none(String label) {
      return new Placed("", label, Optional.empty());
    }
  }

  Placement(
      Engine engine,
      Containers containers,
      DockerSandboxSettings settings,
      PoolSettings poolSettings,
      LiveRuns live,
      RunObserver observer,
      Clock clock) {
    this.engine = engine;
    this.containers = containers;
    this.settings = settings;
    this.live = live;
    this.observer = observer;
    this.clock = clock;
    this.pool =
        poolSettings.enabled()
            ? Optional.of(new WarmPool(engine, containers, settings, clock, poolSettings, live))
            : Optional.empty();
    pool.ifPresent(WarmPool::start);
  }

  /**
   * The label a run's container carries: its id, and on a second attempt (after a warm container's
   * wrapper was lost) the id and the attempt, as the first container may still be being removed.
   */
  static String label(SandboxJob job, int attempt) {
    return attempt == 0 ? job.runId() : job.runId() + "-" + (attempt + 1);
  }

  /**
   * Registers the run, then gives it a warm container (on its first attempt) or creates and starts
   * a cold one, with its wrapper waiting for the request (the container's own process where the
   * runner shell works, else an exec).
   */
  Placed place(SandboxJob job, int attempt) {
    String label = label(job, attempt);
    live.register(label);
    Optional<WarmPool.Taken> warm =
        attempt == 0 ? pool.flatMap(p -> p.take(job.imageRef(), job.limits())) : Optional.empty();
    if (warm.isPresent()) {
      live.release(label);
      log.info("run {} started in warm container {}", job.runId(), warm.get().containerId());
      return new Placed(
          warm.get().containerId(), warm.get().poolId(), Optional.of(warm.get().wrapper()));
    }
    Deadlines deadlines = settings.deadlines(job.limits().time());
    Map<String, String> labels =
        Labels.forRun(
            settings.instanceId(), label, clock.instant().plus(deadlines.coldLabel()), owner);
    pool.ifPresent(WarmPool::coldWaiting);
    String id;
    try {
      if (WaitingWrapper.reports(settings)) {
        WaitingWrapper.Attached a =
            WaitingWrapper.attach(
                containers,
                ContainerSpec.waiting(job.imageRef(), job.limits(), settings, labels),
                "runbox-" + label,
                Deadlines.SETUP_ALLOWANCE,
                Deadlines.SETUP_ALLOWANCE,
                () -> {});
        log.info("run {} started in container {}", job.runId(), a.containerId());
        return new Placed(a.containerId(), label, Optional.of(a.wrapper()));
      }
      id =
          containers.createAndStart(
              ContainerSpec.of(job.imageRef(), job.limits(), settings, labels), "runbox-" + label);
    } finally {
      pool.ifPresent(WarmPool::coldPlaced);
    }
    log.info("run {} started in container {}", job.runId(), id);
    WaitingWrapper wrapper =
        WaitingWrapper.start(engine, id, settings, Deadlines.SETUP_ALLOWANCE, () -> {});
    return new Placed(id, label, Optional.of(wrapper));
  }

  /**
   * Removal, then the refill: one piece of background engine work at a time per run, after the run,
   * so that neither competes with the run itself.
   */
  void removeLater(SandboxJob job, Placed placed) {
    long removeStart = System.nanoTime();
    containers.removeLater(
        placed.containerId(),
        "run " + job.runId(),
        () -> {
          live.release(placed.label());
          observer.phase("remove", (System.nanoTime() - removeStart) / 1_000_000);
          pool.ifPresent(p -> p.replenish(job.imageRef()));
        });
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
