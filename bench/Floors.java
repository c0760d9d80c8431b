import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import dev.runbox.config.RunboxConfig;
import dev.runbox.core.FileSet;
import dev.runbox.core.Limits;
import dev.runbox.core.SandboxFile;
import dev.runbox.sandbox.docker.BenchAccess;
import dev.runbox.sandbox.docker.DockerSandboxSettings;
import dev.runbox.sandbox.docker.Engine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The engine's own floors, measured through the Engine API (docker-java, as the service uses it):
 * an on-demand exec into a running sandbox container, a container's create + start + removal, and a
 * command exec'd into a plain container of an image. Every container it makes carries the label
 * {@code runbox.bench} (never runbox's own labels, so the service's reaper leaves them alone) and
 * is removed by {@link #close}.
 */
final class Floors implements AutoCloseable {
  static final String LABEL = "runbox.bench";
  private static final Duration EXEC_DEADLINE = Duration.ofMinutes(3);
  private final Engine engine;
  private final DockerClient docker;
  private final DockerSandboxSettings settings;
  private final Map<String, String> labels;

  /** The Engine API by hand; null when the engine is not on a unix socket. */
  private final RawExec rawExec;

  private final AtomicInteger runs = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  private Floors(Engine engine, DockerSandboxSettings settings, String benchId) {
    this.engine = engine;
    this.docker = BenchAccess.control(engine);
    this.settings = settings;
    this.labels = Map.of(LABEL, benchId);
    this.rawExec =
        "unix".equals(engine.host().getScheme())
            ? new RawExec(Path.of(engine.host().getPath()))
            : null;
  }

  /** Settings as the service builds them from the same configuration. */
  static Floors connect(RunboxConfig config) {
    DockerSandboxSettings settings =
        new DockerSandboxSettings(
            config.docker().runUid(),
            config.docker().idleUid(),
            config.docker().outerGrace(),
            Duration.ZERO,
            "bench",
            config.docker().runtime(),
            config.limits().maxFiles(),
            DockerSandboxSettings.MAX_INODES);
    return new Floors(
        Engine.connect(config.docker().host(), EXEC_DEADLINE, 64),
        settings,
        UUID.randomUUID().toString());
  }

  /** A started container with every flag of a sandbox container for this image and limits. */
  String startSandboxContainer(String image, Limits limits) {
    String id = createSandbox(image, limits);
    docker.startContainerCmd(id).exec();
    return id;
  }

  private String createSandbox(String image, Limits limits) {
    return BenchAccess.createSandboxContainer(
        engine, image, limits, settings, labels, "runbox-bench-" + UUID.randomUUID());
  }

  /** One on-demand exec as the sandbox's run user: create, start, wait, inspect. Milliseconds. */
  long sandboxExec(String container, List<String> argv) {
    long t0 = System.nanoTime();
    exec(container, BenchAccess.runUser(settings), BenchAccess.sandboxDir(), argv);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /**
   * As {@link #sandboxExec}, with the Engine API written by hand on the engine's unix socket
   * ({@link RawExec}): the engine's exec floor without the client library's own cost. Milliseconds.
   */
  long rawSandboxExec(String container, List<String> argv) throws IOException {
    if (rawExec == null) {
      throw new IllegalStateException(
          "the raw exec needs the engine's unix socket, not " + engine.host());
    }
    long t0 = System.nanoTime();
    int code =
        rawExec.exec(container, BenchAccess.runUser(settings), BenchAccess.sandboxDir(), argv);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (code != 0) {
      throw new IllegalStateException("raw exec exited " + code + ": " + argv);
    }
    return ms;
  }

  /** The lifecycle floor: create, start and remove (force) one sandbox container. Milliseconds. */
  long lifecycle(String image, Limits limits) {
    long t0 = System.nanoTime();
    String id = createSandbox(image, limits);
    try {
      docker.startContainerCmd(id).exec();
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /**
   * A started plain container of the image: writable root, no limits, the image's own user; only
   * the network is off, as on this engine anyway.
   */
  String startPlainContainer(String image) {
    String id =
        docker
            .createContainerCmd(image)
            .withName("runbox-bench-plain-" + UUID.randomUUID())
            .withLabels(labels)
            .withEntrypoint("sleep")
            .withCmd("infinity")
            .withWorkingDir("/work")
            .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
            .exec()
            .getId();
    docker.startContainerCmd(id).exec();
    return id;
  }

  void remove(String container) {
    docker.removeContainerCmd(container).withForce(true).exec();
  }

  /** The image's PATH and HOME, the only variables a plain exec keeps. */
  List<String> pathAndHome(String image) {
    List<String> kept = new ArrayList<>(List.of("HOME=/root"));
    for (String e : docker.inspectImageCmd(image).exec().getConfig().getEnv()) {
      if (e.startsWith("PATH=")) {
        kept.add(e);
      } else if (e.startsWith("HOME=")) {
        kept.set(0, e);
      }
    }
    return List.copyOf(kept);
  }

  /**
   * Empties the plain container's {@code /tmp} and copies the files into a fresh folder of it (not
   * timed), then times the command exec'd there under {@code env -i} with only {@code env}: create,
   * start, wait, inspect. {@code /tmp} is HOME and the build folder of most images' commands: left
   * from one run to the next it would hand the next run the last one's compiler caches (GHC's
   * objects, Go's build cache, Raku's precompiled modules, Swift's module cache), which runbox, one
   * fresh container per run, never has.
   */
  long plainExec(String container, FileSet files, String command, List<String> env) {
    exec(
        container,
        "",
        "/",
        List.of("/bin/sh", "-c", "rm -rf /tmp/* /tmp/.[!.]* /tmp/..?* 2>/dev/null; true"));
    String dir = "run-" + runs.incrementAndGet();
    docker
        .copyArchiveToContainerCmd(container)
        .withTarInputStream(new ByteArrayInputStream(tar(dir, files)))
        .withRemotePath("/work")
        .exec();
    List<String> argv = new ArrayList<>(List.of("env", "-i"));
    argv.addAll(env);
    argv.addAll(List.of("/bin/sh", "-c", command));
    long t0 = System.nanoTime();
    exec(container, "", "/work/" + dir, argv);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private void exec(String container, String user, String workdir, List<String> argv) {
    String execId =
        docker
            .execCreateCmd(container)
            .withUser(user)
            .withWorkingDir(workdir)
            .withCmd(argv.toArray(String[]::new))
            .withAttachStdout(true)
            .withAttachStderr(true)
            .exec()
            .getId();
    Output out = new Output();
    try {
      BenchAccess.streams(engine).execStartCmd(execId).withDetach(false).exec(out);
      if (!out.awaitCompletion(EXEC_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("exec did not end within " + EXEC_DEADLINE + ": " + argv);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
    if (code == null || code != 0) {
      throw new IllegalStateException("exec exited " + code + ": " + out.tail());
    }
  }

  /** Keeps the last few KiB of an exec's output, for the failure message. */
  private static final class Output extends ResultCallback.Adapter<Frame> {
    private final StringBuilder text = new StringBuilder();

    @Override
    public void onNext(Frame f) {
      synchronized (text) {
        text.append(new String(f.getPayload(), StandardCharsets.UTF_8));
        if (text.length() > 4096) {
          text.delete(0, text.length() - 4096);
        }
      }
    }

    String tail() {
      synchronized (text) {
        return text.toString().strip();
      }
    }
  }

  private static byte[] tar(String dir, FileSet files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      Set<String> dirs = new LinkedHashSet<>(List.of(dir + "/"));
      for (SandboxFile f : files.files()) {
        String path = dir + "/" + f.path();
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
          dirs.add(path.substring(0, i + 1));
        }
      }
      for (String d : dirs) {
        TarArchiveEntry e = new TarArchiveEntry(d);
        e.setMode(040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
      for (SandboxFile f : files.files()) {
        TarArchiveEntry e = new TarArchiveEntry(dir + "/" + f.path());
        e.setSize(f.size());
        e.setMode(f.executable() ? 0100755 : 0100644);
        tar.putArchiveEntry(e);
        tar.write(f.content());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Waits until the containers of the service (by its owner-pid label) stop coming and going for
   * 1.5 s (its pool filled, its removals done), at most {@code atMost}.
   */
  void settle(long servicePid, Duration atMost) throws InterruptedException {
    long end = System.nanoTime() + atMost.toNanos();
    Set<String> last = Set.of();
    int stable = 0;
    while (stable < 3 && System.nanoTime() < end) {
      Set<String> now = new LinkedHashSet<>();
      for (Container c :
          docker
              .listContainersCmd()
              .withShowAll(true)
              .withLabelFilter(Map.of("runbox.owner-pid", Long.toString(servicePid)))
              .exec()) {
        now.add(c.getId() + c.getState());
      }
      stable = now.equals(last) ? stable + 1 : 0;
      last = now;
      Thread.sleep(500);
    }
  }

  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    for (Container c :
        docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec()) {
      try {
        docker.removeContainerCmd(c.getId()).withForce(true).exec();
      } catch (RuntimeException e) {
        System.err.println("bench: could not remove container " + c.getId() + ": " + e);
      }
    }
    engine.close();
  }
}
