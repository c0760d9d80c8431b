package dev.runbox.sandbox.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import java.io.Closeable;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating, starting and removing sandbox containers. Removal runs off the request's path on a
 * small bounded executor; when its queue is full the caller removes the container itself.
 */
final class Containers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Containers.class);
  private final Engine engine;
  private final ThreadPoolExecutor remover =
      new ThreadPoolExecutor(
          2,
          2,
          30,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(256),
          r -> Thread.ofPlatform().daemon().name("runbox-remover").unstarted(r),
          new ThreadPoolExecutor.CallerRunsPolicy());

  Containers(Engine engine) {
    this.engine = engine;
  }

  String createAndStart(ContainerSpec spec, String name) {
    try (CreateContainerCmd create = engine.control().createContainerCmd(spec.image())) {
      spec.applyTo(create, name);
      String id = create.exec().getId();
      try {
        engine.control().startContainerCmd(id).exec();
      } catch (RuntimeException e) {
        removeNow(id, name);
        throw e;
      }
      return id;
    }
  }

  /**
   * Creates the container, attaches to its stdin, stdout and stderr before it starts (so that
   * nothing it prints is missed and its stdin is this stream), and starts it: the wrapper is then
   * the container's own process, and no exec is needed. The stream flows into {@code callback}.
   *
   * @param started how long to wait for the engine to take the attach before the start
   */
  String createAttachAndStart(
      ContainerSpec spec,
      String name,
      InputStream stdin,
      FrameCallback callback,
      Duration started) {
    String id;
    try (CreateContainerCmd create = engine.control().createContainerCmd(spec.image())) {
      spec.applyTo(create, name);
      id = create.exec().getId();
    }
    try {
      engine
          .streams()
          .attachContainerCmd(id)
          .withStdIn(stdin)
          .withStdOut(true)
          .withStdErr(true)
          .withFollowStream(true)
          .withLogs(false)
          .exec(callback);
      if (!callback.awaitTaken(started.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "the engine did not take the attach (it ended first, or took longer than "
                + started.toSeconds()
                + " s)");
      }
      engine.control().startContainerCmd(id).exec();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Quietly.close(callback, "attach stream");
      removeNow(id, name);
      throw new IllegalStateException("interrupted while attaching to " + name, e);
    } catch (RuntimeException e) {
      Quietly.close(callback, "attach stream");
      removeNow(id, name);
      throw e;
    }
    return id;
  }

  /** A container that is no longer running, and whether the kernel's OOM killer ended it. */
  record Stopped(boolean oomKilled) {}

  /** Empty while the container runs. */
  Optional<Stopped> stopped(String id) {
    InspectContainerResponse.ContainerState state =
        engine.control().inspectContainerCmd(id).exec().getState();
    return Boolean.TRUE.equals(state.getRunning())
        ? Optional.empty()
        : Optional.of(new Stopped(Boolean.TRUE.equals(state.getOOMKilled())));
  }

  /**
   * Tells {@code died} the id of every container of this instance that stops, as the engine's event
   * stream reports it, until the returned subscription is closed or the stream ends (the engine
   * restarted, or the stream stayed quiet longer than its read timeout); then {@code ended} runs,
   * once.
   */
  Closeable onDeath(String instanceId, Consumer<String> died, Runnable ended) {
    ResultCallback.Adapter<Event> events =
        new ResultCallback.Adapter<>() {
          @Override
          public void onNext(Event e) {
            if (e.getId() != null) {
              died.accept(e.getId());
            }
          }

          @Override
          public void onError(Throwable t) {
            log.debug("the engine's event stream ended: {}", t.toString());
            ended.run();
          }

          @Override
          public void onComplete() {
            ended.run();
          }
        };
    return engine
        .streams()
        .eventsCmd()
        .withLabelFilter(Map.of(Labels.INSTANCE, instanceId))
        .withEventFilter("die")
        .exec(events);
  }

  /**
   * Removes every container of the instance that is not running (created, exited or dead) and whose
   * run label is no longer in use: what a removal that failed while the engine was away left
   * behind, or a container whose create answer was lost as the engine stopped. A container still
   * {@code created} {@link Engine#NEVER_STARTED} after its creation is removed even while its label
   * is in use: no start of it can still be under way (each call gives up after {@link
   * Engine#CONTROL_TIMEOUT}), so whoever holds the label holds a container that will never run.
   */
  void removeStopped(String instanceId, Predicate<String> inUse, Instant now) {
    List<Container> stopped =
        engine
            .control()
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(Labels.INSTANCE, instanceId))
            .withStatusFilter(List.of("created", "exited", "dead"))
            .exec();
    for (Container c : stopped) {
      String run = c.getLabels() == null ? "" : c.getLabels().getOrDefault(Labels.RUN, "");
      boolean neverStarted =
          "created".equals(c.getState())
              && c.getCreated() != null
              && Instant.ofEpochSecond(c.getCreated()).plus(Engine.NEVER_STARTED).isBefore(now);
      if (neverStarted) {
        log.info("removing container {} of run {} that was never started", c.getId(), run);
        removeNow(c.getId(), "never started container of run " + run);
      } else if (!inUse.test(run)) {
        log.info("removing stopped container {} of run {} that nobody removed", c.getId(), run);
        removeNow(c.getId(), "stopped container of run " + run);
      }
    }
  }

  void kill(String id) {
    try {
      engine.control().killContainerCmd(id).exec();
    } catch (RuntimeException e) {
      log.debug("kill of container {} failed (removal follows): {}", id, e.toString());
    }
  }

  /** Removes the container in the background; it is gone once {@link #close} returns. */
  void removeLater(String id, String what) {
    removeLater(id, what, () -> {});
  }

  /**
   * As {@link #removeLater(String, String)}, then runs {@code after} whether the removal worked or
   * not.
   */
  void removeLater(String id, String what, Runnable after) {
    if (id.isEmpty()) {
      after.run();
      return;
    }
    remover.execute(
        () -> {
          try {
            removeNow(id, what);
          } finally {
            after.run();
          }
        });
  }

  void removeNow(String id, String what) {
    try {
      engine.control().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException gone) {
      log.debug("container {} ({}) was already gone", id, what);
    } catch (RuntimeException e) {
      log.warn("could not remove container {} ({}); the reaper will: {}", id, what, e.toString());
    }
  }

  /** Waits (bounded) for pending removals. */
  @Override
  public void close() {
    remover.shutdown();
    try {
      if (!remover.awaitTermination(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("removals still pending after 60 s; the reaper will finish them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
