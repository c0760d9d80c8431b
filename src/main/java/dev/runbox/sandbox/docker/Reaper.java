package dev.runbox.sandbox.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.runbox.core.RunObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes runbox containers that nobody will remove: those whose owning process on this host is
 * gone, and those past their deadline. Runs at start-up and on a schedule; a failed round is logged
 * and the next one still runs.
 */
public final class Reaper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Reaper.class);
  private final Engine engine;
  private final Clock clock;
  private final Labels.Owner me = Labels.Owner.current();
  private final RunObserver observer;
  private final String instanceId;
  private final Predicate<String> ownRunLive;
  private ScheduledExecutorService scheduler;

  /**
   * A reaper for another instance's leftovers only (it never judges this instance's own containers
   * by activity).
   */
  public Reaper(Engine engine, Clock clock, RunObserver observer) {
    this(engine, clock, observer, "", run -> true);
  }

  /**
   * A reaper that also removes the containers of instance {@code instanceId} whose run is no longer
   * live (a removal that failed while the engine was away, say).
   */
  public Reaper(
      Engine engine, Clock clock, RunObserver observer, String instanceId, LiveRuns live) {
    this(engine, clock, observer, instanceId, live::isLive);
  }

  private Reaper(
      Engine engine,
      Clock clock,
      RunObserver observer,
      String instanceId,
      Predicate<String> ownRunLive) {
    this.engine = engine;
    this.clock = clock;
    this.observer = observer;
    this.instanceId = instanceId;
    this.ownRunLive = ownRunLive;
  }

  /**
   * One round; returns how many containers were removed. Throws when the engine cannot be listed.
   */
  public int reapOnce() {
    List<Container> all =
        engine
            .control()
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(List.of(Labels.RUNBOX))
            .exec();
    int removed = 0;
    for (Container c : all) {
      String why = orphanReason(c.getLabels() == null ? Map.of() : c.getLabels());
      if (!why.isEmpty() && remove(c.getId(), why)) {
        removed++;
      }
    }
    if (removed > 0) {
      observer.reaped(removed);
    }
    return removed;
  }

  String orphanReason(Map<String, String> labels) {
    long deadline;
    long pid;
    try {
      deadline = Long.parseLong(labels.getOrDefault(Labels.DEADLINE, ""));
      pid = Long.parseLong(labels.getOrDefault(Labels.OWNER_PID, ""));
    } catch (NumberFormatException e) {
      return "its labels do not say who owns it or until when";
    }
    if (clock.instant().getEpochSecond() > deadline) {
      return "its deadline has passed";
    }
    if (!instanceId.isEmpty()
        && instanceId.equals(labels.get(Labels.INSTANCE))
        && !ownRunLive.test(labels.getOrDefault(Labels.RUN, ""))) {
      return "its run is over but it was not removed";
    }
    boolean sameHost = me.host().equals(labels.get(Labels.OWNER_HOST));
    if (sameHost
        && pid != me.pid()
        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false) {
      return "its owner (pid " + pid + ") is gone";
    }
    return "";
  }

  private boolean remove(String id, String why) {
    try {
      engine.control().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
      log.info("reaped container {}: {}", id, why);
      return true;
    } catch (NotFoundException gone) {
      return false;
    } catch (RuntimeException e) {
      log.warn("could not reap container {} ({}): {}", id, why, e.toString());
      return false;
    }
  }

  /** Reaps every {@code interval}, on a daemon thread, until closed. */
  public Reaper schedule(Duration interval) {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("runbox-reaper").unstarted(r));
    scheduler.scheduleWithFixedDelay(
        this::safeRound, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void safeRound() {
    try {
      reapOnce();
    } catch (RuntimeException e) {
      log.warn("reaper round failed; next round in the schedule: {}", e.toString());
    }
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
