package dev.runbox.sandbox.docker;

import com.github.dockerjava.api.command.ExecCreateCmd;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One process started in a container through the Engine API, its streams flowing to consumers, its
 * waits bounded.
 */
final class Exec {
  private Exec() {}

  /** A started exec whose streams flow into the given consumers. */
  record Started(String execId, FrameCallback callback) {
    boolean await(Duration deadline) {
      try {
        return callback.awaitCompletion(deadline.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    boolean awaitStarted(Duration timeout) {
      try {
        return callback.awaitTaken(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    int exitStatus(Engine engine) {
      Long code = engine.control().inspectExecCmd(execId).exec().getExitCodeLong();
      if (code == null) {
        throw new IllegalStateException("the engine reported no exit status for exec " + execId);
      }
      return code.intValue();
    }
  }

  /**
   * @param env {@code NAME=value} for the process, over the container's own environment: data for
   *     the engine, never parsed by a shell
   */
  static Started start(
      Engine engine,
      String containerId,
      String user,
      List<String> argv,
      List<String> env,
      InputStream stdin,
      Consumer<byte[]> stdout,
      Consumer<byte[]> stderr,
      Runnable onEnd) {
    String execId;
    try (ExecCreateCmd create = engine.control().execCreateCmd(containerId)) {
      execId =
          create
              .withUser(user)
              .withCmd(argv.toArray(String[]::new))
              .withEnv(env)
              .withWorkingDir(ContainerSpec.SANDBOX)
              .withAttachStdin(true)
              .withAttachStdout(true)
              .withAttachStderr(true)
              .withTty(false)
              .exec()
              .getId();
    }
    FrameCallback callback = new FrameCallback(stdout, stderr, onEnd);
    engine
        .streams()
        .execStartCmd(execId)
        .withDetach(false)
        .withTty(false)
        .withStdIn(stdin)
        .exec(callback);
    return new Started(execId, callback);
  }
}
