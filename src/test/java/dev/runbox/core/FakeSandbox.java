package dev.runbox.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A sandbox that runs nothing: it records each job and answers with a canned result, or throws, or
 * blocks until released; or, for a command registered with {@link #program}, plays that {@link
 * Program} against the job as a sandbox would (its stdin, files and limits). Every wait has a
 * timeout so a broken test fails instead of hanging.
 */
public final class FakeSandbox implements Sandbox {
  private static final long WAIT_SECONDS = 30;

  private final AtomicReference<SandboxResult> result =
      new AtomicReference<>(result(0, "ok\n", ""));
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final List<SandboxJob> jobs = new CopyOnWriteArrayList<>();
  private final List<String> cancelled = new CopyOnWriteArrayList<>();
  private final AtomicInteger finished = new AtomicInteger();
  private final Semaphore returned = new Semaphore(0);
  private final AtomicInteger interrupted = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile CountDownLatch entered = new CountDownLatch(0);
  private volatile long busyNanos;
  private final Map<String, Program> programs = new ConcurrentHashMap<>();

  /**
   * What a command does, for a sandbox that does not run it: prints {@code stdout} (then echoes its
   * stdin when {@code echoesStdin}, then the values of {@code printsVariables} from its environment
   * and the contents of {@code printsHomeFiles} from its home folder) and {@code stderr}, writes
   * {@code creates} (path to text) into the sandbox, runs for {@code runsFor} and exits with {@code
   * exitStatus}.
   */
  public record Program(
      String stdout,
      String stderr,
      int exitStatus,
      boolean echoesStdin,
      Map<String, String> creates,
      Duration runsFor,
      List<String> printsVariables,
      List<String> printsHomeFiles) {
    public Program {
      creates = Map.copyOf(creates);
      printsVariables = List.copyOf(printsVariables);
      printsHomeFiles = List.copyOf(printsHomeFiles);
    }

    public Program(
        String stdout,
        String stderr,
        int exitStatus,
        boolean echoesStdin,
        Map<String, String> creates,
        Duration runsFor) {
      this(stdout, stderr, exitStatus, echoesStdin, creates, runsFor, List.of(), List.of());
    }

    public static Program prints(String stdout) {
      return new Program(stdout, "", 0, false, Map.of(), Duration.ZERO);
    }

    /** Then prints the value of the variable (empty when unset) and a newline. */
    public Program andPrintsVariable(String name) {
      List<String> more = new java.util.ArrayList<>(printsVariables);
      more.add(name);
      return new Program(
          stdout, stderr, exitStatus, echoesStdin, creates, runsFor, more, printsHomeFiles);
    }

    /** Then prints the content of the file at this path in its home folder. */
    public Program andPrintsHomeFile(String path) {
      List<String> more = new java.util.ArrayList<>(printsHomeFiles);
      more.add(path);
      return new Program(
          stdout, stderr, exitStatus, echoesStdin, creates, runsFor, printsVariables, more);
    }

    public Program andPrintsToStderr(String text) {
      return new Program(
          stdout,
          text,
          exitStatus,
          echoesStdin,
          creates,
          runsFor,
          printsVariables,
          printsHomeFiles);
    }

    public Program exitsWith(int status) {
      return new Program(
          stdout, stderr, status, echoesStdin, creates, runsFor, printsVariables, printsHomeFiles);
    }

    public Program andEchoesStdin() {
      return new Program(
          stdout, stderr, exitStatus, true, creates, runsFor, printsVariables, printsHomeFiles);
    }

    public Program andCreates(String path, String text) {
      Map<String, String> more = new TreeMap<>(creates);
      more.put(path, text);
      return new Program(
          stdout, stderr, exitStatus, echoesStdin, more, runsFor, printsVariables, printsHomeFiles);
    }

    public Program andRunsFor(Duration d) {
      return new Program(
          stdout, stderr, exitStatus, echoesStdin, creates, d, printsVariables, printsHomeFiles);
    }

    /**
     * As a sandbox would report it: the streams cut at the job's output limit, the time limit kept,
     * the job's files plus the new ones.
     */
    SandboxResult playedOn(SandboxJob job) {
      int cap = job.limits().outputBytes();
      boolean timedOut = runsFor.compareTo(job.limits().time()) > 0;
      byte[] out = stdout.getBytes(StandardCharsets.UTF_8);
      if (echoesStdin) {
        out = concat(out, job.stdin());
      }
      for (String name : printsVariables) {
        String value = job.environment().variables().getOrDefault(name, "");
        out = concat(out, (value + "\n").getBytes(StandardCharsets.UTF_8));
      }
      for (String path : printsHomeFiles) {
        for (SandboxFile f : job.environment().homeFiles().files()) {
          if (f.path().equals(path)) {
            out = concat(out, f.content());
          }
        }
      }
      Map<String, HarvestedFile> files = new TreeMap<>();
      job.files()
          .files()
          .forEach(f -> files.put(f.path(), harvested(f.path(), f.content(), f.executable(), cap)));
      creates.forEach(
          (path, text) ->
              files.put(path, harvested(path, text.getBytes(StandardCharsets.UTF_8), false, cap)));
      long wallMs = (timedOut ? job.limits().time() : runsFor).toMillis();
      return new SandboxResult(
          capped(out, cap),
          capped(stderr.getBytes(StandardCharsets.UTF_8), cap),
          timedOut ? 124 : exitStatus,
          timedOut ? Timeout.INNER : Timeout.NONE,
          false,
          List.copyOf(files.values()),
          true,
          new Usage(wallMs, wallMs, 1_048_576));
    }

    private static HarvestedFile harvested(
        String path, byte[] content, boolean executable, int cap) {
      return new HarvestedFile(
          path, content.length, Digests.sha256(content), capped(content, cap), executable);
    }

    private static CapturedBytes capped(byte[] b, int cap) {
      return new CapturedBytes(Arrays.copyOf(b, Math.min(cap, b.length)), b.length > cap);
    }

    private static byte[] concat(byte[] a, byte[] b) {
      byte[] both = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, both, a.length, b.length);
      return both;
    }
  }

  /** A plain result: the status and the two streams, nothing truncated, no files. */
  public static SandboxResult result(int exitStatus, String stdout, String stderr) {
    return new SandboxResult(
        captured(stdout),
        captured(stderr),
        exitStatus,
        Timeout.NONE,
        false,
        List.of(),
        true,
        new Usage(12, 8, 1_048_576));
  }

  public static CapturedBytes captured(String text) {
    return new CapturedBytes(text.getBytes(StandardCharsets.UTF_8), false);
  }

  public FakeSandbox answer(SandboxResult r) {
    result.set(r);
    return this;
  }

  /**
   * From now on a job with this command plays the program instead of the canned result; returns the
   * command.
   */
  public String program(String command, Program p) {
    programs.put(command, p);
    return command;
  }

  public FakeSandbox failWith(RuntimeException e) {
    failure.set(e);
    return this;
  }

  /**
   * From now on each run blocks until {@link #release()}; {@link #awaitEntered()} waits for {@code
   * runs} of them.
   */
  public FakeSandbox blockUntilReleased(int runs) {
    gate = new CountDownLatch(1);
    entered = new CountDownLatch(runs);
    return this;
  }

  /** Each run takes about this long, like a short program (it parks; nothing waits on it). */
  public FakeSandbox takes(Duration d) {
    busyNanos = d.toNanos();
    return this;
  }

  public void release() {
    gate.countDown();
  }

  public void awaitEntered() throws InterruptedException {
    if (!entered.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("the runs did not reach the sandbox within " + WAIT_SECONDS + " s");
    }
  }

  @Override
  public SandboxResult run(SandboxJob job) {
    if (cancelled.contains(job.runId())) {
      throw new SandboxUnavailableException(job.runId(), "", "the run was cancelled", null);
    }
    jobs.add(job);
    entered.countDown();
    try {
      if (!gate.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the fake sandbox was never released");
      }
    } catch (InterruptedException e) {
      interrupted.incrementAndGet();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    long until = System.nanoTime() + busyNanos;
    for (long left = busyNanos; left > 0; left = until - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
    RuntimeException f = failure.get();
    if (f != null) {
      throw f;
    }
    Program program = programs.get(job.command());
    SandboxResult r = program == null ? result.get() : program.playedOn(job);
    finished.incrementAndGet();
    returned.release();
    return r;
  }

  /** Records the cancel; a run not yet started with that id is refused as the real sandbox does. */
  @Override
  public void cancel(String runId) {
    cancelled.add(runId);
  }

  /** The run ids cancelled, in order. */
  public List<String> cancelled() {
    return List.copyOf(cancelled);
  }

  public List<SandboxJob> jobs() {
    return List.copyOf(jobs);
  }

  public SandboxJob lastJob() {
    if (jobs.isEmpty()) {
      throw new AssertionError("no job reached the sandbox");
    }
    return jobs.get(jobs.size() - 1);
  }

  /** Waits until {@code runs} more runs have returned a result. */
  public void awaitFinished(int runs) throws InterruptedException {
    if (!returned.tryAcquire(runs, WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError(runs + " runs did not finish within " + WAIT_SECONDS + " s");
    }
  }

  /** Runs that returned a result. */
  public int finished() {
    return finished.get();
  }

  /** Runs whose thread was interrupted while in the sandbox. */
  public int interrupted() {
    return interrupted.get();
  }

  private final List<String> sessions = new CopyOnWriteArrayList<>();
  private final AtomicInteger openSessions = new AtomicInteger();

  /**
   * A session whose steps run as jobs of this sandbox (each recorded, its command line the step's
   * command with its arguments after it, space-separated).
   */
  @Override
  public SandboxSession open(String sessionId, String imageRef, Limits limits, Duration lifetime) {
    sessions.add(sessionId);
    openSessions.incrementAndGet();
    return new SandboxSession() {
      private int steps;

      @Override
      public SandboxResult step(SessionStep step) {
        steps++;
        String line =
            step.args().isEmpty()
                ? step.command()
                : step.command() + " " + String.join(" ", step.args());
        return run(
            new SandboxJob(
                sessionId + "-" + steps,
                imageRef,
                step.files(),
                line,
                step.stdin(),
                step.limits()));
      }

      @Override
      public SandboxResult prepare(SessionStep step) {
        return step(step);
      }

      @Override
      public void close() {
        openSessions.decrementAndGet();
      }
    };
  }

  /** The ids of the sessions opened. */
  public List<String> sessions() {
    return List.copyOf(sessions);
  }

  /** Sessions opened and not closed yet. */
  public int openSessions() {
    return openSessions.get();
  }
}
