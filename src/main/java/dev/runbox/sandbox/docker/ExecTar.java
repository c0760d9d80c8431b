package dev.runbox.sandbox.docker;

import dev.runbox.core.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * An exec whose stdout carries /sandbox as a tar (after a report, or alone): started, its tar read
 * back as files under the caps, its stream settled and closed. Or, the same for a container's own
 * first process, attached to before it started ({@link #attach}): its stream lasts as long as the
 * container, so it is closed after the tar instead of awaited. Every wait is bounded by {@link
 * #MAX_WAIT}.
 */
final class ExecTar implements AutoCloseable {
  static final Duration MAX_WAIT = Duration.ofSeconds(30);
  private final ChunkStream tar = new ChunkStream(64, MAX_WAIT);
  private Exec.Started exec;
  private boolean attached;

  /**
   * What comes back: at most {@code maxFiles} files, each cut at the output limit, four output
   * limits and 1 MiB kept in all.
   */
  static TarFiles.Caps caps(Limits limits, int maxFiles) {
    int cap = limits.outputBytes();
    return new TarFiles.Caps(maxFiles, cap, 4L * cap + 1024 * 1024);
  }

  /** Feeds the tar stream: give it the exec's stdout, or the part of it after a report. */
  void offer(byte[] chunk) {
    tar.offer(chunk);
  }

  /**
   * Starts the exec; when its streams end, runs {@code atEnd} and then ends the tar stream.
   *
   * @param env the process's variables, {@code NAME=value}
   * @param stdout the exec's stdout, which passes the tar on to {@link #offer}
   */
  void start(
      Engine engine,
      String containerId,
      String user,
      List<String> argv,
      List<String> env,
      InputStream stdin,
      Consumer<byte[]> stdout,
      Consumer<byte[]> stderr,
      Runnable atEnd) {
    exec =
        Exec.start(
            engine,
            containerId,
            user,
            argv,
            env,
            stdin,
            stdout,
            stderr,
            () -> {
              atEnd.run();
              tar.end();
            });
  }

  /**
   * Creates the container, attaches to it and starts it ({@link Containers#createAttachAndStart});
   * when its stream ends (the container stopped), runs {@code atEnd} and then ends the tar stream.
   *
   * @return the container's id
   */
  String attach(
      Containers containers,
      ContainerSpec spec,
      String name,
      InputStream stdin,
      Consumer<byte[]> stdout,
      Consumer<byte[]> stderr,
      Runnable atEnd,
      Duration started) {
    FrameCallback callback =
        new FrameCallback(
            stdout,
            stderr,
            () -> {
              atEnd.run();
              tar.end();
            });
    exec = new Exec.Started("", callback);
    attached = true;
    return containers.createAttachAndStart(spec, name, stdin, callback, started);
  }

  /** Whether this is a container's own process ({@link #attach}), which has no exec status. */
  boolean attached() {
    return attached;
  }

  /** The stream after what the exec printed before its tar (the report's header, say). */
  InputStream stream() {
    return tar;
  }

  /** Waits (bounded) until the engine started the exec; false when it did not in time. */
  boolean awaitStarted(Duration timeout) {
    return exec.awaitStarted(timeout);
  }

  /**
   * Waits (bounded) for the exec to end; false when it did not in time. An attached stream is
   * closed instead: it would last as long as its container.
   */
  boolean await() {
    if (attached) {
      Quietly.close(exec.callback(), "attach stream");
      return true;
    }
    return exec.await(MAX_WAIT);
  }

  int exitStatus(Engine engine) {
    if (attached) {
      throw new IllegalStateException("a container's own process has no exec status");
    }
    return exec.exitStatus(engine);
  }

  /** Stops reading: whatever else the exec sends is dropped. */
  void abandon() {
    tar.close();
  }

  /**
   * The files of the tar; then the exec's end, bounded. A listing cut at its caps abandons the rest
   * of the stream instead of draining it.
   *
   * @throws IOException when the stream breaks, stalls, or does not end within {@link #MAX_WAIT}
   */
  TarFiles.Unpacked files(TarFiles.Caps caps) throws IOException {
    TarFiles.Unpacked files = TarFiles.unpack(tar, caps);
    tar.close();
    if (!files.complete()) {
      Quietly.close(exec.callback(), "exec stream");
    } else if (!await()) {
      throw new IOException(
          "the exec's stream did not end within " + MAX_WAIT.toSeconds() + " s of its tar");
    }
    return files;
  }

  @Override
  public void close() {
    tar.close();
    if (exec != null) {
      Quietly.close(exec.callback(), "exec stream");
    }
  }
}
