package dev.runbox.sandbox.docker;

import java.time.Duration;
import java.util.List;

/**
 * The wrapper in serve mode ({@code wrapper.sh}): one exec for a session's steps, each written into
 * its stdin once the step before reported. Its output goes to the current step's {@link
 * StepStreams}; nothing is printed between steps.
 */
final class ServeExec implements AutoCloseable {
  private final StepInput stdin;
  private Exec.Started exec;
  private StepStreams current;
  private boolean ended;

  private ServeExec(Duration lifetime) {
    this.stdin = new StepInput(lifetime);
  }

  /** Starts the wrapper in serve mode, as the run's user, under the runner shell. */
  static ServeExec start(
      Engine engine, String containerId, DockerSandboxSettings settings, Duration lifetime) {
    ServeExec s = new ServeExec(lifetime);
    s.exec =
        Exec.start(
            engine,
            containerId,
            settings.runUser(),
            Wrapper.serve(),
            List.of(),
            s.stdin,
            s::stdout,
            s::stderr,
            s::end);
    return s;
  }

  /**
   * Writes a step's request and binds its streams; the caller awaits them. A wrapper that already
   * ended gets nothing, and the streams are ended at once.
   */
  void send(StepStreams streams, byte[] request) {
    boolean gone;
    synchronized (this) {
      current = streams;
      gone = ended;
    }
    if (gone) {
      streams.ended();
      return;
    }
    stdin.offer(request);
  }

  int exitStatus(Engine engine) {
    exec.await(ExecTar.MAX_WAIT);
    return exec.exitStatus(engine);
  }

  private synchronized StepStreams current() {
    return current;
  }

  private void stdout(byte[] chunk) {
    StepStreams s = current();
    if (s != null) {
      s.stdout(chunk);
    }
  }

  private void stderr(byte[] chunk) {
    StepStreams s = current();
    if (s != null) {
      s.stderr(chunk);
    }
  }

  private void end() {
    StepStreams s;
    synchronized (this) {
      ended = true;
      s = current;
    }
    if (s != null) {
      s.ended();
    }
  }

  @Override
  public void close() {
    stdin.close();
    if (exec != null) {
      Quietly.close(exec.callback(), "serve exec stream");
    }
  }
}
