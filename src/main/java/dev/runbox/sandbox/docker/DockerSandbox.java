package dev.runbox.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.runbox.core.CapturedBytes;
import dev.runbox.core.SandboxJob;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.SandboxUnavailableException;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a job in a fresh container: create and start it idle, copy the files in as a tar stream,
 * run the command under the inner timer while the outer deadline watches, kill every process of
 * the run, take the files back as data, and remove the container whatever happened.
 */
public final class DockerSandbox implements dev.runbox.core.Sandbox {
  private static final Logger log = LoggerFactory.getLogger(DockerSandbox.class);
  private static final Duration SETUP_ALLOWANCE = Duration.ofSeconds(60);

  /**
   * Runs the command under the inner timer, then kills whatever the command left behind. The
   * engine API never closes an exec's stdin, so exactly the sent number of bytes ($3) is passed
   * on through {@code head -c}, and the command sees end-of-file after them.
   */
  static final String RUN_SCRIPT = "if [ \"$3\" -gt 0 ]; then head -c \"$3\" | timeout -k 1 \"$1\" /bin/sh -c \"$2\";"
      + " else timeout -k 1 \"$1\" /bin/sh -c \"$2\" </dev/null; fi; s=$?; kill -9 -1 2>/dev/null; exit $s";

  /** Unpacks exactly $1 bytes of tar into /sandbox (see {@link #RUN_SCRIPT} on stdin). */
  static final String COPY_IN_SCRIPT = "head -c \"$1\" | tar -x -f - -C " + ContainerSpec.SANDBOX;

  private final Engine engine;
  private final DockerSandboxSettings settings;
  private final Clock clock;
  private final Labels.Owner owner = Labels.Owner.current();

  public DockerSandbox(Engine engine, DockerSandboxSettings settings, Clock clock) {
    this.engine = engine;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public SandboxResult run(SandboxJob job) {
    MDC.put("run", job.runId());
    String containerId = "";
    try {
      containerId = createAndStart(job);
      return runIn(containerId, job);
    } catch (SandboxUnavailableException e) {
      throw e;
    } catch (NotFoundException e) {
      throw new SandboxUnavailableException(job.runId(), containerId,
          "image " + job.imageRef() + " is not on the engine; build it with 'runbox images build'", e);
    } catch (RuntimeException e) {
      throw new SandboxUnavailableException(job.runId(), containerId, "the Docker engine failed: " + e.getMessage(), e);
    } finally {
      remove(job.runId(), containerId);
      MDC.remove("run");
    }
  }

  private String createAndStart(SandboxJob job) {
    Instant deadline = clock.instant().plus(job.limits().time()).plus(settings.outerGrace()).plus(SETUP_ALLOWANCE);
    ContainerSpec spec = ContainerSpec.of(job.imageRef(), job.limits(), settings,
        Labels.forRun(settings.instanceId(), job.runId(), deadline, owner));
    DockerClient docker = engine.control();
    try (CreateContainerCmd create = docker.createContainerCmd(job.imageRef())) {
      spec.applyTo(create, "runbox-" + job.runId());
      String id = create.exec().getId();
      docker.startContainerCmd(id).exec();
      log.info("run {} started in container {}", job.runId(), id);
      return id;
    }
  }

  private SandboxResult runIn(String containerId, SandboxJob job) {
    copyIn(containerId, job);
    Exec.Finished run = runCommand(containerId, job);
    if (run.timeout() == Timeout.OUTER) {
      engine.control().killContainerCmd(containerId).exec();
      return new SandboxResult(run.stdout(), run.stderr(), 137, Timeout.OUTER, false, List.of(), false,
          new Usage(run.wallMs(), Usage.UNKNOWN, Usage.UNKNOWN));
    }
    Harvest.Taken taken = Harvest.take(engine, containerId, runUser(), job, settings.maxFilesBack());
    CgroupStats stats = taken.stats();
    Usage usage = new Usage(run.wallMs(), stats.cpuMs(), stats.memoryPeakBytes());
    if (stats.leftovers() > 0) {
      // The wrapper always kills what the command leaves; processes still alive mean the program
      // killed the wrapper and its inner timer. The service stopped them from outside.
      log.info("run {} defeated its inner timer; {} processes killed from outside", job.runId(), stats.leftovers());
      return new SandboxResult(run.stdout(), run.stderr(), 137, Timeout.OUTER, stats.oomKills() > 0, taken.files(),
          taken.complete(), usage);
    }
    return new SandboxResult(run.stdout(), run.stderr(), run.exitStatus(), run.timeout(), stats.oomKills() > 0,
        taken.files(), taken.complete(), usage);
  }

  private void copyIn(String containerId, SandboxJob job) {
    byte[] tar = TarFiles.pack(job.files(), clock.instant());
    Exec.Finished copy = Exec.run(engine, containerId, runUser(), List.of("/bin/sh", "-c", COPY_IN_SCRIPT, "runbox", Integer.toString(tar.length)),
        new ByteArrayInputStream(tar), 64 * 1024, SETUP_ALLOWANCE);
    if (copy.timeout() != Timeout.NONE || copy.exitStatus() != 0) {
      throw new SandboxUnavailableException(job.runId(), containerId,
          "copying the files in failed (status " + copy.exitStatus() + "): " + copy.stderr().text().strip(), null);
    }
  }

  private Exec.Finished runCommand(String containerId, SandboxJob job) {
    Duration limit = job.limits().time();
    long inner = limit.plus(settings.innerAllowance()).toSeconds();
    byte[] stdin = job.stdin();
    List<String> argv = List.of("/bin/sh", "-c", RUN_SCRIPT, "runbox", Long.toString(inner), job.command(), Integer.toString(stdin.length));
    Exec.Finished f = Exec.run(engine, containerId, runUser(), argv, new ByteArrayInputStream(stdin),
        job.limits().outputBytes(), limit.plus(settings.outerGrace()));
    // 124: the command ended on TERM; 137: it ignored TERM and got the KILL one second later.
    boolean innerFired = f.exitStatus() == 124 || f.exitStatus() == 137;
    if (f.timeout() == Timeout.NONE && innerFired && f.wallMs() >= limit.toMillis()) {
      return f.withTimeout(Timeout.INNER);
    }
    return f;
  }

  private String runUser() {
    return settings.runUid() + ":" + settings.runUid();
  }

  private void remove(String runId, String containerId) {
    if (containerId.isEmpty()) {
      return;
    }
    try {
      engine.control().removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException gone) {
      log.debug("container {} of run {} was already gone", containerId, runId);
    } catch (RuntimeException e) {
      log.warn("could not remove container {} of run {}; the reaper will: {}", containerId, runId, e.toString());
    }
  }

  static void closeQuietly(AutoCloseable c, String what) {
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      log.debug("closing {} failed: {}", what, e.toString());
    } catch (Exception e) {
      log.debug("closing {} failed: {}", what, e.toString());
    }
  }
}
