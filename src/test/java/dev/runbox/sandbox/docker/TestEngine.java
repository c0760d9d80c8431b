package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Docker engine of the test's own: a second {@code dockerd} with its own socket, data, state and
 * managed containerd, all in one temporary folder, so that a test may stop and start it without
 * touching the machine's engine that other tests share. No bridge, no iptables: its containers get
 * no network, as runbox's never do. Needs root.
 */
final class TestEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TestEngine.class);
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration STOP = Duration.ofSeconds(60);

  private final Path dir;

  /** The cgroup all its containers go under, so that whatever the engine leaves can be found. */
  private final String cgroupParent;

  private final List<String> argv;
  private final URI host;
  private Process dockerd;
  private Engine client;

  private TestEngine(Path dockerdBinary, Path dir) {
    this.dir = dir;
    this.cgroupParent = "/" + dir.getFileName();
    this.host = URI.create("unix://" + dir.resolve("docker.sock"));
    this.argv =
        List.of(
            dockerdBinary.toString(),
            "--bridge=none",
            "--iptables=false",
            "--ip6tables=false",
            "-H",
            host.toString(),
            "--data-root",
            dir.resolve("data").toString(),
            "--exec-root",
            dir.resolve("exec").toString(),
            "--pidfile",
            dir.resolve("docker.pid").toString(),
            "--cgroup-parent=" + cgroupParent);
  }

  /** Why no engine of the test's own can be started here; empty when one can. */
  static Optional<String> unavailable() {
    if (dockerd().isEmpty()) {
      return Optional.of("dockerd is not installed (not on PATH, nor in /usr/sbin or /usr/bin)");
    }
    try {
      if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
        return Optional.of("a second dockerd needs root, and the tests do not run as root");
      }
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of("cannot tell whether the tests run as root: " + e);
    }
    return Optional.empty();
  }

  private static Optional<Path> dockerd() {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin";
    return Arrays.stream(path.split(":"))
        .filter(p -> !p.isBlank())
        .map(p -> Path.of(p, "dockerd"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Starts an engine in a new temporary folder and waits (bounded) until it answers. */
  static TestEngine start() throws IOException {
    TestEngine e =
        new TestEngine(dockerd().orElseThrow(), Files.createTempDirectory("runbox-engine-"));
    try {
      e.startDaemon();
    } catch (RuntimeException | Error ex) {
      e.close();
      throw ex;
    }
    return e;
  }

  /** The engine's address, for runbox's {@code docker_host}. */
  URI host() {
    return host;
  }

  /** A client of this run of the engine (a new one after each restart). */
  Engine client() {
    return client;
  }

  /** Starts the daemon with the same arguments as before; waits until it answers. */
  void startDaemon() {
    assertThat(dockerd == null || !dockerd.isAlive()).as("the test engine already runs").isTrue();
    try {
      dockerd =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dockerd.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client = Engine.connect(host, Duration.ofMinutes(3), 16);
    long deadline = System.nanoTime() + START.toNanos();
    while (!DockerFixture.answers(client)) {
      assertThat(dockerd.isAlive()).as("the test engine exited at start; %s", logTail()).isTrue();
      assertThat(System.nanoTime() < deadline)
          .as("the test engine did not answer within %d s; %s", START.toSeconds(), logTail())
          .isTrue();
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }

  /**
   * Stops the daemon as a service manager does (SIGTERM: it stops its containers, then its
   * containerd) and waits (bounded) until it and its containerd are gone. A start the shutdown cut
   * short can leave, out of the engine's sight for good, its shim, its {@code runc init} or even
   * its running container, and that container's root filesystem mounted; a container whose
   * filesystem stays mounted can then never be removed through the engine ("device or resource
   * busy"). No container process may outlive an engine without live restore, and nothing of it may
   * stay mounted: what is left is ended and unmounted here, as an operator would, so that what the
   * test then sees is runbox's doing, not the engine's.
   */
  void stopDaemon() {
    Quietly.close(client, "the test engine's client");
    dockerd.destroy();
    boolean exited;
    try {
      exited = dockerd.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while the test engine stopped", e);
    }
    assertThat(exited).as("the test engine stopped within %d s", STOP.toSeconds()).isTrue();
    assertThat(awaitGone(p -> !describe(p).contains("containerd-shim"), STOP))
        .as("the test engine's containerd stopped")
        .isEmpty();
    endContainerProcesses();
    unmountLeftovers();
  }

  /** Waits (bounded) until no process of this engine that matches is left; returns those left. */
  private List<String> awaitGone(Predicate<ProcessHandle> which, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ProcessHandle> left = leftProcesses().stream().filter(which).toList();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      left = leftProcesses().stream().filter(which).toList();
    }
    return left.stream().map(TestEngine::describe).toList();
  }

  /** Copies an image from another engine into this one, under each reference of {@code as}. */
  void copyImage(Engine from, String repository, String tag, List<String> as) throws IOException {
    try (InputStream image = from.streams().saveImageCmd(repository).withTag(tag).exec()) {
      client.streams().loadImageCmd(image).exec();
    }
    for (String ref : as) {
      String[] target = ref.split(":", 2);
      client.control().tagImageCmd(repository + ":" + tag, target[0], target[1]).exec();
    }
  }

  /** Every runbox container on this engine, whatever its state. */
  List<Container> runboxContainers() {
    return client
        .control()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(List.of(Labels.RUNBOX))
        .exec();
  }

  /**
   * Stops the daemon if it runs, ends (by pid) any process of it left over, unmounts whatever it
   * left mounted in its folder, and deletes the folder. An engine stopped while it started a
   * container can leave that container's shim and its {@code runc init} behind, invisible to its
   * API: they are found by the folder in the shim's arguments and by the engine's own cgroup.
   */
  @Override
  public void close() {
    try {
      if (dockerd != null && dockerd.isAlive()) {
        stopDaemon();
      }
    } finally {
      if (dockerd != null && dockerd.isAlive()) {
        dockerd.destroyForcibly();
      }
      awaitGone(p -> true, Duration.ofSeconds(3));
      endContainerProcesses();
      leftProcesses().forEach(TestEngine::end);
      removeCgroups();
      unmountLeftovers();
      keepLog();
      delete();
    }
  }

  /** Processes whose command line names this engine's folder: dockerd, containerd, shims. */
  private List<ProcessHandle> leftProcesses() {
    String folder = dir.toString();
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info().arguments().stream()
                    .flatMap(Arrays::stream)
                    .anyMatch(a -> a.contains(folder)))
        .toList();
  }

  /** This engine's cgroup in every hierarchy (cgroup v1 has one per controller). */
  private List<Path> cgroups() {
    try (Stream<Path> all = Files.walk(Path.of("/sys/fs/cgroup"), 2)) {
      return all.filter(p -> p.endsWith(cgroupParent.substring(1))).toList();
    } catch (IOException e) {
      log.warn("could not look for the test engine's cgroups: {}", e.toString());
      return List.of();
    }
  }

  /** Ends every process still in a cgroup of this engine's containers. */
  private void endContainerProcesses() {
    for (Path group : cgroups()) {
      try (Stream<Path> procs = Files.walk(group).filter(p -> p.endsWith("cgroup.procs"))) {
        for (Path f : procs.toList()) {
          for (String pid : Files.readAllLines(f)) {
            ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(TestEngine::end);
          }
        }
      } catch (IOException | NumberFormatException e) {
        log.warn("could not end the processes in {}: {}", group, e.toString());
      }
    }
  }

  /** Removes this engine's (now empty) cgroups, the deepest first. */
  private void removeCgroups() {
    for (Path group : cgroups()) {
      try (Stream<Path> all = Files.walk(group)) {
        for (Path d : all.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(d);
        }
      } catch (IOException e) {
        log.warn("could not remove the cgroup {}: {}", group, e.toString());
      }
    }
  }

  private static void end(ProcessHandle p) {
    log.warn("ending process left by the test engine: {}", describe(p));
    p.destroyForcibly();
    p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> p).join();
  }

  private static String describe(ProcessHandle p) {
    return p.pid() + " " + p.info().commandLine().orElse("?");
  }

  private void unmountLeftovers() {
    List<String> mounts = mountsUnder();
    for (String m : mounts) {
      log.warn("unmounting {} left by the test engine", m);
      try {
        Process umount = new ProcessBuilder("umount", "-l", m).inheritIO().start();
        if (!umount.waitFor(10, TimeUnit.SECONDS)) {
          umount.destroyForcibly();
        }
      } catch (IOException e) {
        log.warn("could not unmount {}: {}", m, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Mount points in this engine's folder, the deepest first. */
  private List<String> mountsUnder() {
    List<String> found = new ArrayList<>();
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
      lines
          .map(l -> l.split(" "))
          .filter(f -> f.length > 4 && f[4].startsWith(dir.toString()))
          .forEach(f -> found.add(f[4]));
    } catch (IOException e) {
      log.warn("could not read the mount table: {}", e.toString());
    }
    found.sort(Comparator.comparingInt(String::length).reversed());
    return found;
  }

  private void delete() {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.warn("could not delete the test engine's folder {}: {}", dir, e.toString());
    }
  }

  /** The engine's log outlives its folder in the build's output, for a failure to be read. */
  private void keepLog() {
    Path target = Path.of("target");
    try {
      if (Files.isDirectory(target) && Files.exists(dir.resolve("dockerd.log"))) {
        Files.copy(
            dir.resolve("dockerd.log"),
            target.resolve("test-engine-dockerd.log"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      log.warn("could not keep the test engine's log: {}", e.toString());
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("dockerd.log"));
      return "its log ends: "
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "no log: " + e;
    }
  }
}
