package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import dev.runbox.core.Command;
import dev.runbox.core.FileSet;
import dev.runbox.core.Limits;
import dev.runbox.core.RunObserver;
import dev.runbox.core.SandboxFile;
import dev.runbox.core.SandboxJob;
import dev.runbox.core.SandboxResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A real engine, a sandbox with its own instance id, and the check that nothing is left. */
final class DockerFixture implements AutoCloseable {
  static final String TINY = "runbox/tiny:latest";
  static final Limits LIMITS = new Limits(10, 128, 1.0, 64, 16, 50, 256);

  final String instanceId = "it-" + UUID.randomUUID();
  final Engine engine =
      Engine.connect(URI.create("unix:///var/run/docker.sock"), Duration.ofMinutes(3), 32);
  final DockerSandboxSettings settings;
  final DockerSandbox sandbox;

  DockerFixture() {
    this(Duration.ofSeconds(2), Duration.ZERO);
  }

  DockerFixture(Duration grace, Duration innerAllowance) {
    this(grace, innerAllowance, 0);
  }

  /** With a warm pool of {@code warm} tiny containers at {@link #LIMITS}. */
  DockerFixture(Duration grace, Duration innerAllowance, int warm) {
    this(grace, innerAllowance, warm, Optional.empty());
  }

  /** Without a warm pool, under the engine's OCI runtime of that name (e.g. runsc). */
  static DockerFixture underRuntime(String runtime) {
    return new DockerFixture(Duration.ofSeconds(2), Duration.ZERO, 0, Optional.of(runtime));
  }

  private DockerFixture(
      Duration grace, Duration innerAllowance, int warm, Optional<String> runtime) {
    this.settings = settings(instanceId, grace, innerAllowance, runtime);
    this.sandbox =
        new DockerSandbox(
            engine,
            settings,
            new PoolSettings(
                List.of(new WarmPool.Entry(TINY, LIMITS, warm)),
                Duration.ofMinutes(5),
                Duration.ofMinutes(2)),
            new LiveRuns(),
            RunObserver.NONE,
            Clock.systemUTC());
    assertThat(answers(engine))
        .as("a Docker engine must answer on /var/run/docker.sock (run scripts/engine.sh)")
        .isTrue();
  }

  /**
   * The service's default settings (uids 10001 and 10002, 1000 files back, 16384 inodes) with these
   * timers and runtime.
   */
  static DockerSandboxSettings settings(
      String instanceId, Duration grace, Duration innerAllowance, Optional<String> runtime) {
    return new DockerSandboxSettings(
        10001,
        10002,
        grace,
        innerAllowance,
        instanceId,
        runtime,
        1000,
        DockerSandboxSettings.MAX_INODES);
  }

  /** True when the engine answers a ping. */
  static boolean answers(Engine engine) {
    try {
      engine.control().pingCmd().exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Waits (bounded) until the pool holds {@code n} idle containers of the image; false without a
   * pool.
   */
  boolean awaitWarm(String imageRef, int n, Duration timeout) throws InterruptedException {
    return sandbox.pool().isPresent() && sandbox.pool().get().awaitIdle(imageRef, n, timeout);
  }

  /** Containers idle in the warm pool now. */
  int warmContainers() {
    return sandbox.pool().map(WarmPool::idleCount).orElse(0);
  }

  static SandboxFile file(String path, String text) {
    return new SandboxFile(path, text.getBytes(StandardCharsets.UTF_8), false);
  }

  SandboxResult run(String command, Limits limits, SandboxFile... files) {
    return sandbox.run(job(command, limits, files));
  }

  SandboxResult run(String command, SandboxFile... files) {
    return run(command, LIMITS, files);
  }

  SandboxJob job(String command, Limits limits, SandboxFile... files) {
    new Command.Shell(command);
    return new SandboxJob(
        UUID.randomUUID().toString(),
        TINY,
        new FileSet(List.of(files)),
        command,
        new byte[0],
        limits);
  }

  /** Ids of every container labelled with this fixture's instance, stopped ones included. */
  List<String> containerIds() {
    return containersLeft().stream().map(Container::getId).toList();
  }

  List<Container> containersLeft() {
    return engine
        .control()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.INSTANCE, instanceId))
        .exec();
  }

  @Override
  public void close() {
    sandbox.close();
    List<Container> left = containersLeft();
    engine.close();
    assertThat(left).as("containers left by instance " + instanceId).isEmpty();
  }
}
