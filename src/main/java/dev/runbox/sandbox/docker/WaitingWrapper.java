package dev.runbox.sandbox.docker;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The wrapper in report mode, started in a container before its run is known and blocked reading
 * its stdin (see {@code wrapper.sh}): no program code is in the container yet, and the run's secret
 * marker does not exist yet. A run binds its consumers to the exec's output, then writes its
 * request. Until it is bound nothing may come out of it: an exec that prints or ends first is spent
 * (its container died with the engine, say) and never reaches a run. Serves one run at most.
 */
final class WaitingWrapper implements AutoCloseable {
  private final ExecTar exec = new ExecTar();
  private final RequestInput stdin;
  private final Runnable onLost;
  private Consumer<byte[]> out;
  private Consumer<byte[]> err;
  private Runnable end;
  private boolean bound;
  private boolean spent;
  private boolean ended;

  private WaitingWrapper(Duration maxWait, Runnable onLost) {
    this.stdin = new RequestInput(maxWait);
    this.onLost = onLost;
  }

  /**
   * Starts the wrapper's exec in the container, as the run's user, with no variables: the run's
   * come in its request.
   *
   * @param maxWait how long it may wait for a request (its stdin then ends)
   * @param onLost runs (on the engine's thread) when the exec ends or prints before a run bound it
   */
  static WaitingWrapper start(
      Engine engine,
      String containerId,
      DockerSandboxSettings settings,
      Duration maxWait,
      Runnable onLost) {
    WaitingWrapper w = new WaitingWrapper(maxWait, onLost);
    w.exec.start(
        engine,
        containerId,
        settings.runUser(),
        Wrapper.report(reports(settings) ? Wrapper.RUNNER_SHELL : Wrapper.PLAIN_SHELL),
        List.of(),
        w.stdin,
        w::stdout,
        w::stderr,
        w::ended);
    return w;
  }

  /**
   * Creates, attaches to and starts a container whose own first process is the wrapper in init mode
   * ({@link ContainerSpec#waiting}), waiting for a run on the container's stdin: no exec.
   *
   * @param maxWait how long it may wait for a request (its stdin then ends)
   * @param started how long the engine may take to accept the attach
   * @param onLost runs (on the engine's thread) when the stream ends or prints before a run bound
   *     it
   */
  static Attached attach(
      Containers containers,
      ContainerSpec spec,
      String name,
      Duration maxWait,
      Duration started,
      Runnable onLost) {
    WaitingWrapper w = new WaitingWrapper(maxWait, onLost);
    String id =
        w.exec.attach(containers, spec, name, w.stdin, w::stdout, w::stderr, w::ended, started);
    return new Attached(id, w);
  }

  /** A container made by {@link #attach} and its waiting wrapper. */
  record Attached(String containerId, WaitingWrapper wrapper) {}

  /**
   * Whether the wrapper reports: not where the runner shell cannot make it non-dumpable (gVisor
   * refuses to load a file its user cannot read); every run is then taken back from outside.
   */
  static boolean reports(DockerSandboxSettings settings) {
    return settings.runtime().isEmpty();
  }

  /** Waits (bounded) until the engine started the exec; false when it did not in time. */
  boolean awaitStarted(Duration timeout) {
    return exec.awaitStarted(timeout);
  }

  /** True while it waits for a run: started or starting, not bound, silent, not ended. */
  synchronized boolean waiting() {
    return !bound && !spent && !ended;
  }

  /**
   * Gives the exec's output to a run: false when the wrapper is no longer waiting (the run must
   * take another).
   */
  boolean bind(Consumer<byte[]> stdout, Consumer<byte[]> stderr, Runnable atEnd) {
    synchronized (this) {
      if (!waiting()) {
        return false;
      }
      out = stdout;
      err = stderr;
      end = atEnd;
      bound = true;
      return true;
    }
  }

  /** The run's request; call once, after {@link #bind}. */
  void supply(InputStream request) {
    stdin.supply(request);
  }

  /** The exec, for its tar stream and its exit status. */
  ExecTar exec() {
    return exec;
  }

  // The consumers are set under the lock before bound is, and beforeBinding() reads bound under it.
  private void stdout(byte[] chunk) {
    if (!beforeBinding()) {
      out.accept(chunk);
    }
  }

  private void stderr(byte[] chunk) {
    if (!beforeBinding()) {
      err.accept(chunk);
    }
  }

  /** True (and the wrapper spent) when output came before a run bound it. */
  private boolean beforeBinding() {
    boolean lost;
    synchronized (this) {
      if (bound) {
        return false;
      }
      lost = !spent;
      spent = true;
    }
    if (lost) {
      onLost.run();
    }
    return true;
  }

  private void ended() {
    Runnable atEnd;
    boolean lost;
    synchronized (this) {
      lost = !bound && !spent && !ended;
      ended = true;
      atEnd = end;
    }
    if (atEnd != null) {
      atEnd.run();
    }
    if (lost) {
      onLost.run();
    }
  }

  /** Ends its stdin and its stream; the container's removal ends the process. */
  @Override
  public void close() {
    stdin.close();
    exec.close();
  }
}
