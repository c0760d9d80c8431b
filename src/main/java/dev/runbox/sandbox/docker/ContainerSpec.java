package dev.runbox.sandbox.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import dev.runbox.core.Limits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every security flag of a sandbox container, in one place. Either the container's main process
 * only idles (as a uid other than the run's) and the wrapper runs later in an exec ({@link #of}),
 * or the main process is the wrapper itself, waiting for its request on the container's stdin
 * ({@link #waiting}).
 *
 * @param stdin whether the container's stdin is open (once: it closes when its one attached client
 *     goes)
 */
record ContainerSpec(
    String image,
    String user,
    List<String> cmd,
    Map<String, String> labels,
    HostConfig hostConfig,
    boolean stdin) {
  static final String SANDBOX = "/sandbox";
  static final String TMP = "/tmp";
  static final List<String> ENV = List.of("HOME=/tmp", "TMPDIR=/tmp", "LANG=C.UTF-8");

  /** gVisor's own host tasks, and those per guest process; see {@link #hostPidsLimit}. */
  static final long GVISOR_BASE_TASKS = 256;

  static final long GVISOR_TASKS_PER_PROCESS = 8;

  static ContainerSpec of(
      String image, Limits limits, DockerSandboxSettings settings, Map<String, String> labels) {
    String idle = settings.idleUid() + ":" + settings.idleUid();
    return new ContainerSpec(
        image,
        idle,
        List.of("sleep", "infinity"),
        Map.copyOf(labels),
        hostConfig(limits, settings),
        false);
  }

  /**
   * A container whose first process is the wrapper in init mode ({@link Wrapper#init}), as the
   * run's user, reading the container's stdin: no engine init (the wrapper's shell is PID 1, which
   * nothing inside may signal unless it handles the signal), every other flag as in {@link #of}.
   * Only where the runner shell works ({@link WaitingWrapper#reports}).
   */
  static ContainerSpec waiting(
      String image, Limits limits, DockerSandboxSettings settings, Map<String, String> labels) {
    return new ContainerSpec(
        image,
        settings.runUser(),
        Wrapper.init(),
        Map.copyOf(labels),
        hostConfig(limits, settings).withInit(false),
        true);
  }

  static HostConfig hostConfig(Limits limits, DockerSandboxSettings settings) {
    HostConfig host =
        HostConfig.newHostConfig()
            .withNetworkMode("none")
            .withCapDrop(Capability.ALL)
            .withSecurityOpts(List.of("no-new-privileges"))
            .withPrivileged(false)
            .withInit(true)
            .withReadonlyRootfs(true)
            .withIpcMode("private")
            .withTmpFs(tmpfs(limits, settings))
            .withMemory(limits.memoryBytes())
            .withMemorySwap(limits.memoryBytes())
            .withMemorySwappiness(0L)
            .withOomKillDisable(false)
            .withShmSize(Math.min(limits.diskBytes(), 16L * 1024 * 1024))
            .withNanoCPUs(Math.round(limits.cpus() * 1e9))
            .withPidsLimit(hostPidsLimit(limits, settings))
            .withUlimits(ulimits(limits, settings))
            .withAutoRemove(false)
            // Nothing is logged: the main process only sleeps or reports through its attached
            // streams, so a log file per container would be host disk work for nothing.
            .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE));
    settings.runtime().ifPresent(host::withRuntime);
    return host;
  }

  /**
   * Under runc the pids cgroup counts the program's own processes and threads. Under gVisor it
   * counts the runtime's host tasks instead: the Sentry's and gofer's threads (about 55 when idle)
   * and, on the ptrace platform, about six more per guest process. The Sentry panics, ending the
   * whole sandbox, when it cannot create one, so the host cgroup gets room for that overhead and
   * the program's own count is held by RLIMIT_NPROC (see {@link #ulimits}).
   */
  static long hostPidsLimit(Limits limits, DockerSandboxSettings settings) {
    return settings.gvisor()
        ? GVISOR_BASE_TASKS + GVISOR_TASKS_PER_PROCESS * (long) limits.pids()
        : limits.pids();
  }

  /**
   * Under gVisor RLIMIT_NPROC is counted by the sandbox's own kernel, so it bounds the program's
   * processes in this container alone; under runc it would count the uid across every container on
   * the host, so it is never set there.
   */
  private static List<Ulimit> ulimits(Limits limits, DockerSandboxSettings settings) {
    List<Ulimit> all =
        new ArrayList<>(
            List.of(
                new Ulimit("nofile", (long) limits.openFiles(), (long) limits.openFiles()),
                new Ulimit("core", 0L, 0L),
                new Ulimit("fsize", fileSizeLimit(limits), fileSizeLimit(limits))));
    if (settings.gvisor()) {
      all.add(new Ulimit("nproc", (long) limits.pids(), (long) limits.pids()));
    }
    return List.copyOf(all);
  }

  /**
   * Largest file a process may write: a little above the sandbox size, so that filling the sandbox
   * fails with ENOSPC (a clear error) before SIGXFSZ would kill the writer.
   */
  static long fileSizeLimit(Limits limits) {
    return limits.diskBytes() + 1024 * 1024;
  }

  private static Map<String, String> tmpfs(Limits limits, DockerSandboxSettings settings) {
    String common =
        "rw,exec,nosuid,nodev,size="
            + limits.diskBytes()
            + ",nr_inodes="
            + settings.maxInodes()
            + ",uid="
            + settings.runUid()
            + ",gid="
            + settings.runUid();
    Map<String, String> mounts = new LinkedHashMap<>();
    mounts.put(SANDBOX, common + ",mode=0755");
    mounts.put(TMP, common + ",mode=1777");
    return mounts;
  }

  void applyTo(CreateContainerCmd create, String name) {
    create
        .withName(name)
        .withUser(user)
        .withCmd(cmd)
        .withWorkingDir(SANDBOX)
        .withEnv(ENV)
        .withLabels(labels)
        .withNetworkDisabled(true)
        .withTty(false)
        .withAttachStdin(stdin)
        .withAttachStdout(stdin)
        .withAttachStderr(stdin)
        .withStdinOpen(stdin)
        .withStdInOnce(stdin)
        .withHostConfig(hostConfig);
  }
}
