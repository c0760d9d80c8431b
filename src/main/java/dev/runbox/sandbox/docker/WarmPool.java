package dev.runbox.sandbox.docker;

import dev.runbox.core.Limits;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Containers created and started ahead of time, per image with its default limits, each with its
 * wrapper waiting for a run, each used by exactly one run and then removed. How many an image keeps
 * follows its demand ({@link Demand}) between its minimum and maximum, and shrinks back when the
 * service idles. Refilled in the background, a bounded number of creates at a time, each holding
 * back while a run waits for a cold container; a container idle longer than the idle limit is
 * recycled. Pool containers carry the same labels and fall to the same reaper.
 */
public final class WarmPool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WarmPool.class);

  /**
   * An image the pool keeps warm: its reference, its default limits, and how many to keep at least
   * and at most.
   */
  public record Entry(String imageRef, Limits limits, int min, int max) {
    public Entry {
      if (min < 0 || max < min) {
        throw new IllegalArgumentException(
            "a pool's size must satisfy 0 <= min <= max, got min " + min + " and max " + max);
      }
    }

    /** Always {@code size} warm containers. */
    public Entry(String imageRef, Limits limits, int size) {
      this(imageRef, limits, size, size);
    }
  }

  /** How often the pool follows its demand: grows towards it, and shrinks one per image. */
  static final Duration ADAPT_PERIOD = Duration.ofSeconds(1);

  /** The longest a refill holds back for runs that wait for a cold container. */
  static final Duration MAX_YIELD = Duration.ofSeconds(10);

  /**
   * @param deadline the deadline its label carries
   */
  private record Warm(
      String id, String poolId, Instant created, WaitingWrapper wrapper, Instant deadline) {}

  /**
   * A warm container given to a run or a session, the label it is known by, its waiting wrapper,
   * the deadline on its label (after which any reaper may remove it) and the limits it was made
   * with.
   */
  record Taken(
      String containerId, String poolId, WaitingWrapper wrapper, Instant deadline, Limits limits) {}

  /** How long a new warm container's wrapper may take to start before the container is given up. */
  private static final Duration WRAPPER_START = Duration.ofSeconds(30);

  private final Engine engine;
  private final Containers containers;
  private final DockerSandboxSettings settings;
  private final Clock clock;
  private final Duration maxIdle;
  private final Duration labelDeadline;
  private final Map<String, Entry> entries = new HashMap<>();
  private final Map<String, Deque<Warm>> idle = new HashMap<>();
  private final Map<String, Integer> creating = new HashMap<>();
  private final Map<String, Demand> demand = new HashMap<>();
  private final Semaphore refills;
  private int coldWaiting;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition added = lock.newCondition();
  private final Condition coldPlaced = lock.newCondition();
  private final ScheduledExecutorService housekeeper =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("runbox-pool").unstarted(r));
  private final Labels.Owner owner = Labels.Owner.current();
  private final LiveRuns live;
  private volatile boolean closed;

  /** True while the engine's "die" events for this instance stream in. */
  private volatile boolean watching;

  private volatile Optional<Closeable> deaths = Optional.empty();

  WarmPool(
      Engine engine,
      Containers containers,
      DockerSandboxSettings settings,
      Clock clock,
      PoolSettings pool,
      LiveRuns live) {
    this.engine = engine;
    this.live = live;
    this.containers = containers;
    this.settings = settings;
    this.clock = clock;
    this.maxIdle = pool.maxIdle();
    this.labelDeadline = settings.deadlines(pool.longestLimit()).warmLabel(maxIdle);
    this.refills = new Semaphore(pool.maxRefills());
    for (Entry e : pool.entries()) {
      if (e.max() > 0) {
        entries.put(e.imageRef(), e);
        idle.put(e.imageRef(), new ArrayDeque<>());
        creating.put(e.imageRef(), 0);
        demand.put(e.imageRef(), new Demand(clock));
      }
    }
  }

  void start() {
    housekeeper.scheduleWithFixedDelay(
        this::housekeeping, 0, Math.max(1, maxIdle.toMillis() / 4), TimeUnit.MILLISECONDS);
    housekeeper.scheduleWithFixedDelay(
        this::adapt, 0, ADAPT_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * A warm container for this image and limits it was made for ({@link #sameContainer}), if one is
   * ready and its wrapper still waits. A warm container whose wrapper ended while it waited (the
   * container died with the engine, say) never reaches a run: it is removed, and the next one is
   * tried. The caller calls {@link #replenish} when its run is over, so that the refill does not
   * compete with the run.
   */
  Optional<Taken> take(String imageRef, Limits limits) {
    Entry e = entries.get(imageRef);
    if (e == null || !sameContainer(e.limits(), limits) || closed) {
      return Optional.empty();
    }
    return takeWaiting(e);
  }

  /**
   * Whether a container made for {@code made} serves a run with {@code run} unchanged: every limit
   * but the time and the output cap, which each run brings in its request (the wrapper's timer, the
   * service's deadlines and cap; a warm container's label outlasts the longest time), so that a
   * language on a family image whose defaults differ from the family's only in those (d's 20 s on
   * c's image) takes the family's warm containers.
   */
  static boolean sameContainer(Limits made, Limits run) {
    return sameFixed(made, run) && made.memoryMib() == run.memoryMib() && made.cpus() == run.cpus();
  }

  /**
   * Whether the limits a container fixes when it is made (its sandbox's size, its pid and open-file
   * limits) are the same; memory and CPU quota could still be set afterwards.
   */
  private static boolean sameFixed(Limits made, Limits run) {
    return made.diskMib() == run.diskMib()
        && made.pids() == run.pids()
        && made.openFiles() == run.openFiles();
  }

  /**
   * A warm container for a session whose steps need at most {@code limits}: the limits a container
   * fixes when it is made (its sandbox's size, its pid and open-file limits) must be the pool's;
   * memory and CPU quota a session sets per step.
   */
  Optional<Taken> takeForSession(String imageRef, Limits limits) {
    Entry e = entries.get(imageRef);
    if (e == null || closed || !sameFixed(e.limits(), limits)) {
      return Optional.empty();
    }
    return takeWaiting(e);
  }

  private Optional<Taken> takeWaiting(Entry e) {
    String imageRef = e.imageRef();
    demand.get(imageRef).arrived();
    for (Optional<Warm> w = next(imageRef); w.isPresent(); w = next(imageRef)) {
      if (w.get().wrapper().waiting()) {
        return Optional.of(
            new Taken(
                w.get().id(), w.get().poolId(), w.get().wrapper(), w.get().deadline(), e.limits()));
      }
      discard(w.get());
    }
    return Optional.empty();
  }

  private Optional<Warm> next(String imageRef) {
    lock.lock();
    try {
      return Optional.ofNullable(idle.get(imageRef).pollFirst());
    } finally {
      lock.unlock();
    }
  }

  /** Asks the engine; a container it cannot inspect counts as not running. */
  private boolean running(Warm w) {
    try {
      return containers.stopped(w.id()).isEmpty();
    } catch (RuntimeException ex) {
      log.info("warm container {} could not be inspected: {}", w.id(), ex.toString());
      return false;
    }
  }

  private void discard(Warm w) {
    log.warn("warm container {} is no longer running; removing it", w.id());
    retire(w, "dead warm container");
  }

  private void retire(Warm w, String why) {
    w.wrapper().close();
    containers.removeLater(w.id(), why, () -> live.release(w.poolId()));
  }

  /** Refills the image's pool in the background, if the image is kept warm. */
  void replenish(String imageRef) {
    Entry e = entries.get(imageRef);
    if (e != null && !closed) {
      Thread.ofVirtual().name("runbox-pool-refill").start(() -> refill(e));
    }
  }

  /** Each step on its own: one that fails (the engine away) does not skip the others. */
  private void housekeeping() {
    step("recycling", this::recycleStale);
    step("watching deaths", this::watchDeaths);
    step("removing dead warm containers", this::removeDead);
    step(
        "removing stopped containers",
        () -> containers.removeStopped(settings.instanceId(), live::isLive, clock.instant()));
  }

  private static void step(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      log.warn(
          "warm pool housekeeping ({}) failed; next round in the schedule: {}", what, e.toString());
    }
  }

  /**
   * Each image towards its target: one excess container retired per round, a refill started when it
   * is short.
   */
  private void adapt() {
    try {
      for (Entry e : entries.values()) {
        Optional<Warm> excess;
        boolean belowTarget;
        lock.lock();
        try {
          Deque<Warm> q = idle.get(e.imageRef());
          int target = target(e);
          excess = q.size() > target ? Optional.ofNullable(q.pollFirst()) : Optional.empty();
          belowTarget = q.size() + creating.get(e.imageRef()) < target;
        } finally {
          lock.unlock();
        }
        excess.ifPresent(w -> retire(w, "warm container beyond the demand"));
        if (belowTarget) {
          replenish(e.imageRef());
        }
      }
    } catch (RuntimeException e) {
      log.warn("warm pool sizing failed; next round in the schedule: {}", e.toString());
    }
  }

  private int target(Entry e) {
    return demand.get(e.imageRef()).target(e.min(), e.max());
  }

  /** A run waits for a cold container: refills hold back until it is placed. */
  void coldWaiting() {
    lock.lock();
    try {
      coldWaiting++;
    } finally {
      lock.unlock();
    }
  }

  /** The run that waited for a cold container has it (or gave up). */
  void coldPlaced() {
    lock.lock();
    try {
      coldWaiting--;
      coldPlaced.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits (at most {@link #MAX_YIELD}) while runs wait for cold containers. */
  private void yieldToRuns() throws InterruptedException {
    long left = MAX_YIELD.toNanos();
    lock.lock();
    try {
      while (coldWaiting > 0 && left > 0 && !closed) {
        left = coldPlaced.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  private void recycleStale() {
    Instant oldest = clock.instant().minus(maxIdle);
    for (Deque<Warm> q : idle.values()) {
      List<Warm> stale;
      lock.lock();
      try {
        stale = q.stream().filter(w -> w.created().isBefore(oldest)).toList();
        q.removeAll(stale);
      } finally {
        lock.unlock();
      }
      stale.forEach(w -> retire(w, "recycled warm container"));
    }
  }

  /**
   * Hears of deaths from the engine as they happen (again, after the stream ended). Deaths while no
   * stream listened are found by {@link #removeDead()} in the same round.
   */
  private void watchDeaths() {
    if (closed || watching) {
      return;
    }
    watching = true;
    try {
      deaths = Optional.of(containers.onDeath(settings.instanceId(), this::died, this::unwatched));
    } catch (RuntimeException e) {
      watching = false;
      throw e;
    }
  }

  private void unwatched() {
    watching = false;
  }

  /** A container of this instance stopped: if it was idle here, it goes, and the pool refills. */
  private void died(String id) {
    Optional<Map.Entry<String, Warm>> found;
    lock.lock();
    try {
      found =
          idle.entrySet().stream()
              .flatMap(q -> q.getValue().stream().map(w -> Map.entry(q.getKey(), w)))
              .filter(e -> e.getValue().id().equals(id))
              .findFirst();
      found.ifPresent(e -> idle.get(e.getKey()).remove(e.getValue()));
    } finally {
      lock.unlock();
    }
    found.ifPresent(
        e -> {
          discard(e.getValue());
          replenish(e.getKey());
        });
  }

  /** Idle containers that died (with the engine, say) are removed before a run could take one. */
  void removeDead() {
    for (Deque<Warm> q : idle.values()) {
      List<Warm> all;
      lock.lock();
      try {
        all = List.copyOf(q);
      } finally {
        lock.unlock();
      }
      List<Warm> dead = all.stream().filter(w -> !w.wrapper().waiting() || !running(w)).toList();
      lock.lock();
      try {
        dead = dead.stream().filter(q::remove).toList();
      } finally {
        lock.unlock();
      }
      dead.forEach(this::discard);
    }
  }

  private void refill(Entry e) {
    while (!closed && reserve(e)) {
      boolean permitted = false;
      try {
        permitted = refills.tryAcquire(MAX_YIELD.toMillis(), TimeUnit.MILLISECONDS);
        if (!permitted) {
          return;
        }
        yieldToRuns();
        String poolId = "pool-" + UUID.randomUUID();
        live.register(poolId);
        Warm warm;
        try {
          warm = create(e, poolId);
        } catch (RuntimeException ex) {
          live.release(poolId);
          throw ex;
        }
        boolean kept;
        lock.lock();
        try {
          kept = !closed && warm.wrapper().waiting() && idle.get(e.imageRef()).add(warm);
          added.signalAll();
        } finally {
          lock.unlock();
        }
        if (!kept) {
          warm.wrapper().close();
          containers.removeNow(warm.id(), "warm container made while closing or lost");
          live.release(poolId);
        }
      } catch (RuntimeException ex) {
        log.warn(
            "could not warm a container for {}; will try again on the next round: {}",
            e.imageRef(),
            ex.toString());
        return;
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        if (permitted) {
          refills.release();
        }
        lock.lock();
        try {
          creating.merge(e.imageRef(), -1, Integer::sum);
          added.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  private boolean reserve(Entry e) {
    lock.lock();
    try {
      if (closed || idle.get(e.imageRef()).size() + creating.get(e.imageRef()) >= target(e)) {
        return false;
      }
      creating.merge(e.imageRef(), 1, Integer::sum);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A container with its wrapper started and waiting; the wrapper may wait as long as the
   * container's label deadline. Where the runner shell works, the wrapper is the container's own
   * first process, attached to before the start ({@link WaitingWrapper#attach}); elsewhere it is an
   * exec into a container that idles.
   */
  private Warm create(Entry e, String poolId) {
    Instant deadline =
        clock.instant().plus(labelDeadline).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Map<String, String> labels = Labels.forRun(settings.instanceId(), poolId, deadline, owner);
    long t0 = System.nanoTime();
    if (WaitingWrapper.reports(settings)) {
      AtomicReference<String> made = new AtomicReference<>("");
      WaitingWrapper.Attached a =
          WaitingWrapper.attach(
              containers,
              ContainerSpec.waiting(e.imageRef(), e.limits(), settings, labels),
              "runbox-" + poolId,
              labelDeadline,
              WRAPPER_START,
              () -> {
                if (!made.get().isEmpty()) {
                  died(made.get());
                }
              });
      made.set(a.containerId());
      demand.get(e.imageRef()).refilled(Duration.ofNanos(System.nanoTime() - t0));
      return new Warm(a.containerId(), poolId, clock.instant(), a.wrapper(), deadline);
    }
    ContainerSpec spec = ContainerSpec.of(e.imageRef(), e.limits(), settings, labels);
    String id = containers.createAndStart(spec, "runbox-" + poolId);
    WaitingWrapper wrapper;
    try {
      wrapper = WaitingWrapper.start(engine, id, settings, labelDeadline, () -> died(id));
      if (!wrapper.awaitStarted(WRAPPER_START)) {
        wrapper.close();
        throw new IllegalStateException(
            "the wrapper did not start within " + WRAPPER_START.toSeconds() + " s");
      }
    } catch (RuntimeException ex) {
      containers.removeNow(id, "warm container whose wrapper did not start");
      throw ex;
    }
    demand.get(e.imageRef()).refilled(Duration.ofNanos(System.nanoTime() - t0));
    return new Warm(id, poolId, clock.instant(), wrapper, deadline);
  }

  /**
   * Waits until {@code n} containers of the image are idle, or the time is up; true when they are.
   */
  boolean awaitIdle(String imageRef, int n, Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (idle.getOrDefault(imageRef, new ArrayDeque<>()).size() < n) {
        if (left <= 0) {
          return false;
        }
        left = added.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Containers idle in the pool now. */
  int idleCount() {
    lock.lock();
    try {
      return idle.values().stream().mapToInt(Deque::size).sum();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
    // Not shutdownNow: interrupting a refill in the middle of its create would also break the
    // removal of what it created (the engine client's channel closes on interrupt). A refill
    // under way sees the pool closed and removes its container itself.
    deaths.ifPresent(d -> Quietly.close(d, "the engine's events"));
    housekeeper.shutdown();
    try {
      housekeeper.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      // A refill under way finishes its container and removes it itself; wait (bounded) for it.
      long left = TimeUnit.SECONDS.toNanos(60);
      while (creating.values().stream().mapToInt(Integer::intValue).sum() > 0 && left > 0) {
        try {
          left = added.awaitNanos(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      idle.values().forEach(q -> q.forEach(w -> retire(w, "warm container at shutdown")));
      idle.values().forEach(Deque::clear);
    } finally {
      lock.unlock();
    }
  }
}
