package dev.runbox.sandbox.docker;

import dev.runbox.core.Deadlines;
import dev.runbox.core.Limits;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.SandboxSession;
import dev.runbox.core.SandboxUnavailableException;
import dev.runbox.core.SessionStep;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session in one container (a warm one from the pool when it fits, see {@link #place}): its
 * wrapper in serve mode ({@link ServeExec}) runs the steps one after the other, each from an
 * emptied sandbox. The container has the session's limits; before a step whose memory or CPU quota
 * differ, the container is updated. A step that ends without its trailer (it killed the wrapper) or
 * runs past the service's deadline (it stopped the wrapper, say) costs the container: it is killed
 * and removed, and the next step gets a new one.
 */
final class DockerSession implements SandboxSession {
  private static final Logger log = LoggerFactory.getLogger(DockerSession.class);

  /** Room left on a container's label after a step's own deadline, for the trailer and removal. */
  private static final Duration LABEL_MARGIN = Duration.ofSeconds(30);

  private final Engine engine;
  private final Containers containers;
  private final DockerSandboxSettings settings;
  private final LiveRuns live;
  private final Cancels cancels;
  private final Clock clock;
  private final String sessionId;
  private final String imageRef;
  private final Limits limits;
  private final Instant until;
  private final Optional<WarmPool> pool;
  private final Labels.Owner owner = Labels.Owner.current();
  private Instant containerDeadline = Instant.MIN;
  private int made;
  private String containerId = "";
  private String label = "";
  private ServeExec serve;
  private byte[] base = new byte[0];
  private long memoryBytes;
  private double cpus;

  private DockerSession(
      Engine engine,
      Containers containers,
      DockerSandboxSettings settings,
      LiveRuns live,
      Cancels cancels,
      Optional<WarmPool> pool,
      Clock clock,
      String sessionId,
      String imageRef,
      Limits limits,
      Duration lifetime) {
    this.cancels = cancels;
    this.pool = pool;
    this.engine = engine;
    this.containers = containers;
    this.settings = settings;
    this.live = live;
    this.clock = clock;
    this.sessionId = sessionId;
    this.imageRef = imageRef;
    this.limits = limits;
    this.until = clock.instant().plus(lifetime).plus(Deadlines.SETUP_ALLOWANCE);
  }

  /**
   * Creates the session's container and starts its wrapper.
   *
   * @throws SandboxUnavailableException when the engine fails, or the runtime cannot keep the
   *     wrapper apart from the steps (it needs the runner shell)
   */
  static DockerSession open(
      Engine engine,
      Containers containers,
      DockerSandboxSettings settings,
      LiveRuns live,
      Cancels cancels,
      Optional<WarmPool> pool,
      Clock clock,
      String sessionId,
      String imageRef,
      Limits limits,
      Duration lifetime) {
    if (!WaitingWrapper.reports(settings)) {
      throw new SandboxUnavailableException(
          sessionId,
          "",
          "sessions need the runner shell, which the runtime "
              + settings.runtime().orElse("")
              + " cannot load; judge mode is not available under it",
          null);
    }
    DockerSession s =
        new DockerSession(
            engine,
            containers,
            settings,
            live,
            cancels,
            pool,
            clock,
            sessionId,
            imageRef,
            limits,
            lifetime);
    s.guarded(s::place);
    return s;
  }

  @Override
  public synchronized SandboxResult step(SessionStep step) {
    return guarded(() -> run(step, false));
  }

  @Override
  public synchronized SandboxResult prepare(SessionStep step) {
    return guarded(() -> run(step, true));
  }

  private <T> T guarded(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (SandboxUnavailableException e) {
      discard();
      throw e;
    } catch (RuntimeException e) {
      String at = containerId;
      discard();
      throw new SandboxUnavailableException(
          sessionId, at, "the Docker engine failed: " + e.getMessage(), e);
    }
  }

  /**
   * @param keep whether /sandbox after the step becomes the base of every later step
   */
  private SandboxResult run(SessionStep step, boolean keep) {
    Deadlines deadlines = settings.deadlines(step.limits().time());
    if (!containerId.isEmpty()
        && clock.instant().plus(deadlines.outer()).plus(LABEL_MARGIN).isAfter(containerDeadline)) {
      log.info("session {}: the next step could outlive its container's label; a new one", label);
      discard();
    }
    if (containerId.isEmpty()) {
      place();
    }
    fit(step.limits());
    byte[] markerLine = Wrapper.markerLine();
    byte[] tar =
        step.files().files().isEmpty() ? new byte[0] : TarFiles.pack(step.files(), clock.instant());
    byte[] stdin = step.stdin();
    byte[] head =
        Wrapper.step(
            markerLine,
            deadlines.inner(),
            step.cpuSeconds(),
            step.command(),
            step.args(),
            stdin.length,
            base.length,
            tar.length,
            keep);
    byte[] request = new byte[head.length + base.length + tar.length + stdin.length];
    int at = 0;
    for (byte[] part : List.of(head, base, tar, stdin)) {
      System.arraycopy(part, 0, request, at, part.length);
      at += part.length;
    }
    StepStreams streams = new StepStreams(markerLine, step.limits().outputBytes(), maxBaseBytes());
    long t0 = System.nanoTime();
    serve.send(streams, request);
    boolean settled = streams.await(deadlines.outer());
    long wall = (System.nanoTime() - t0) / 1_000_000;
    if (!settled) {
      log.info("session {}: a step ran past the service's deadline; its container goes", label);
      containers.kill(containerId);
      discard();
      return new SandboxResult(
          streams.stdout(),
          streams.stderr(),
          RunReport.KILLED,
          Timeout.OUTER,
          false,
          List.of(),
          false,
          new Usage(wall, Usage.UNKNOWN, Usage.UNKNOWN));
    }
    Optional<StepStreams.Report> report = streams.report();
    if (streams.filesOverflowed()) {
      throw new SandboxUnavailableException(
          sessionId,
          containerId,
          "the files a step left are larger than the " + maxBaseBytes() + " bytes a session keeps",
          null);
    }
    if (report.isEmpty()) {
      return lost(streams, wall);
    }
    StepStreams.Report r = report.get();
    if (keep) {
      base = streams.files();
    }
    return new SandboxResult(
        streams.stdout(),
        streams.stderr(),
        r.exitStatus(),
        RunReport.innerTimeout(r.exitStatus(), wall, step.limits().time()),
        r.oomKilled(),
        List.of(),
        false,
        new Usage(wall, r.cpuMs(), r.maxRssKib() < 0 ? Usage.UNKNOWN : r.maxRssKib() * 1024));
  }

  /**
   * The wrapper's exec ended without the step's trailer: the step killed it (its processes share
   * its uid), or the whole container died. Either way the step ended by its own doing, and the
   * container goes.
   */
  private SandboxResult lost(StepStreams streams, long wall) {
    Optional<Containers.Stopped> stopped = containers.stopped(containerId);
    int status = stopped.isPresent() ? RunReport.KILLED : serve.exitStatus(engine);
    log.info(
        "session {}: a step ended the wrapper (exit status {}, container stopped: {})",
        label,
        status,
        stopped.isPresent());
    if (stopped.isEmpty()) {
      containers.kill(containerId);
    }
    discard();
    return new SandboxResult(
        streams.stdout(),
        streams.stderr(),
        status == 0 ? RunReport.KILLED : status,
        Timeout.NONE,
        stopped.map(Containers.Stopped::oomKilled).orElse(false),
        List.of(),
        false,
        new Usage(wall, Usage.UNKNOWN, Usage.UNKNOWN));
  }

  /**
   * The session's container: a warm one from the pool when one fits (the first time only), else a
   * cold one labelled for the whole session.
   */
  private Void place() {
    if (cancels.isCancelled(sessionId)) {
      throw new SandboxUnavailableException(sessionId, "", "the session was cancelled", null);
    }
    made++;
    Optional<WarmPool.Taken> warm =
        made == 1 ? pool.flatMap(p -> p.takeForSession(imageRef, limits)) : Optional.empty();
    if (warm.isPresent()) {
      WarmPool.Taken t = warm.get();
      // Its wrapper waits for a run that never comes: ended here, and in any case killed by the
      // serve wrapper's first round.
      t.wrapper().close();
      containerId = t.containerId();
      label = t.poolId();
      containerDeadline = t.deadline();
      memoryBytes = t.limits().memoryBytes();
      cpus = t.limits().cpus();
    } else {
      label = made == 1 ? sessionId : sessionId + "-" + made;
      live.register(label);
      Map<String, String> labels = Labels.forRun(settings.instanceId(), label, until, owner);
      try {
        containerId =
            containers.createAndStart(
                ContainerSpec.of(imageRef, limits, settings, labels), "runbox-" + label);
      } catch (RuntimeException e) {
        live.release(label);
        label = "";
        throw e;
      }
      containerDeadline = until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      memoryBytes = limits.memoryBytes();
      cpus = limits.cpus();
    }
    if (!cancels.serving(sessionId, containerId)) {
      containers.kill(containerId);
    }
    Duration left = Duration.between(clock.instant(), containerDeadline);
    serve = ServeExec.start(engine, containerId, settings, left);
    log.info(
        "session {} started in {} container {}",
        label,
        warm.isPresent() ? "warm" : "cold",
        containerId);
    return null;
  }

  /** Gives the container the step's memory and CPU quota, when they differ from its own. */
  private void fit(Limits step) {
    if (step.memoryBytes() == memoryBytes && step.cpus() == cpus) {
      return;
    }
    engine
        .control()
        .updateContainerCmd(containerId)
        .withMemory(step.memoryBytes())
        .withMemorySwap(step.memoryBytes())
        .withNanoCPUs(Math.round(step.cpus() * 1e9))
        .exec();
    memoryBytes = step.memoryBytes();
    cpus = step.cpus();
  }

  /** Closes the wrapper and removes the container in the background. */
  private void discard() {
    if (serve != null) {
      serve.close();
      serve = null;
    }
    String id = containerId;
    String l = label;
    containerId = "";
    if (!id.isEmpty()) {
      cancels.ended(sessionId);
      containers.removeLater(
          id,
          "session " + l,
          () -> {
            live.release(l);
            pool.ifPresent(p -> p.replenish(imageRef));
          });
    } else if (!l.isEmpty()) {
      live.release(l);
    }
    label = "";
  }

  /** The most a kept /sandbox may take as a tar: the sandbox's size and room for the headers. */
  private long maxBaseBytes() {
    return limits.diskBytes() + 4L * 1024 * 1024;
  }

  @Override
  public synchronized void close() {
    discard();
  }
}
