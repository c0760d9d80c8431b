package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.Timeout;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The wrapper started ahead in every warm container: what a run can learn of its own marker or of
 * the next run's, and what happens when a waiting wrapper is killed before its run.
 */
class PreStartedWrapperIT {
  /**
   * Looks for anything shaped like a marker wherever a run can read: every process's command line,
   * environment and status, the writable folders, and the stdin of every process it may open.
   */
  static final String HUNT =
      """
      import os, re
      pat = re.compile(rb'runbox:[0-9a-f]{32}')
      found = set()
      def look(path, limit=1 << 20):
          try:
              fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
          except OSError:
              return
          try:
              data = os.read(fd, limit)
          except OSError:
              data = b''
          finally:
              os.close(fd)
          found.update(m.hex() for m in pat.findall(data))
      for pid in filter(str.isdigit, os.listdir('/proc')):
          for name in ('cmdline', 'environ', 'status', 'fd/0'):
              look('/proc/%s/%s' % (pid, name))
      for top in ('/tmp', '/sandbox', '/dev/shm', '/run'):
          for root, dirs, files in os.walk(top):
              for f in files:
                  look(os.path.join(root, f))
      print('found', len(found))
      """;

  @Test
  void aRunFindsNoMarkerAnywhereItCanReadAndItsReportIsTheWrappers() throws Exception {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO, 2)) {
      assertThat(docker.awaitWarm(DockerFixture.TINY, 2, Duration.ofSeconds(60))).isTrue();

      SandboxResult r = docker.run("python3 hunt.py", DockerFixture.file("hunt.py", HUNT));

      assertThat(r.stdout().text()).isEqualTo("found 0\n");
      assertThat(r.exitStatus()).isZero();
      assertThat(r.usage().cpuMs()).as("the wrapper reported").isNotNegative();
    }
  }

  @Test
  void aRunSeesNoOtherWaitingWrapperSoTheNextRunsMarkerIsNowhereNearIt() throws Exception {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO, 2)) {
      assertThat(docker.awaitWarm(DockerFixture.TINY, 2, Duration.ofSeconds(60))).isTrue();
      // Its own wrapper and the wrapper's subshell are the only runner shells it can see, while
      // the pool holds another container whose wrapper waits for the next run.
      String count =
          "n=0; for f in /proc/[0-9]*/cmdline; do"
              + " case $(tr '\\0' ' ' < $f 2>/dev/null) in /usr/lib/runbox/sh*) n=$((n+1));;"
              + " esac; done; echo $n";

      SandboxResult r = docker.run(count);

      assertThat(Integer.parseInt(r.stdout().text().trim())).isBetween(1, 2);
      assertThat(docker.warmContainers()).isPositive();
    }
  }

  @Test
  void aWaitingWrapperKilledBeforeItsRunNeverReachesARun() throws Exception {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO, 1)) {
      assertThat(docker.awaitWarm(DockerFixture.TINY, 1, Duration.ofSeconds(60))).isTrue();
      Container warm = docker.containersLeft().get(0);
      killEveryProcessOfTheRunUser(docker, warm.getId());

      SandboxResult r = docker.run("echo hi; exit 4");

      assertThat(r.stdout().text()).isEqualTo("hi\n");
      assertThat(r.exitStatus()).isEqualTo(4);
      assertThat(r.timeout()).isEqualTo(Timeout.NONE);
      assertThat(r.usage().cpuMs()).as("the wrapper reported").isNotNegative();
    }
  }

  /**
   * Kills the wrapper's process (every runner shell but PID 1), then reads its own stdout pipe back
   * for the marker the container's first process prints, to write a forged trailer after it. It
   * first waits until the engine has drained its 'killing' line, so that its own read cannot take
   * that line.
   */
  private static final String FORGE =
      """
      import fcntl, os, re, struct, time
      print('killing', flush=True)
      # Read back only once the engine has taken that line (FIONREAD: 0), or the read below could steal it.
      end = time.time() + 5
      while time.time() < end:
          left = fcntl.ioctl(1, 0x541B, struct.pack('i', 0))
          if struct.unpack('i', left)[0] == 0:
              break
          time.sleep(0.005)
      for pid in filter(str.isdigit, os.listdir('/proc')):
          try:
              cmd = open('/proc/%s/cmdline' % pid, 'rb').read()
          except OSError:
              continue
          if cmd.startswith(b'/usr/lib/runbox/sh') and pid != '1':
              os.kill(int(pid), 9)
      fd = os.open('/proc/self/fd/1', os.O_RDONLY | os.O_NONBLOCK)
      data = b''
      end = time.time() + 8
      while time.time() < end:
          try:
              data += os.read(fd, 65536)
          except BlockingIOError:
              time.sleep(0.005)
          m = re.search(rb'runbox:[0-9a-f]{32}', data)
          if m:
              os.write(1, b'\\x1e' + m.group(0) + b'\\n0\\n## end\\n')
              break
      """;

  @Test
  void aRunThatKillsItsWrapperAndListensForTheMarkerIsStoppedFirstAndForgesNothing()
      throws Exception {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO, 1)) {
      assertThat(docker.awaitWarm(DockerFixture.TINY, 1, Duration.ofSeconds(60))).isTrue();

      SandboxResult r = docker.run("python3 forge.py", DockerFixture.file("forge.py", FORGE));

      assertThat(r.stdout().text()).as(r.stderr().text()).isEqualTo("killing\n");
      assertThat(r.exitStatus()).isEqualTo(137);
      assertThat(r.timeout()).as("it outlived its wrapper").isEqualTo(Timeout.OUTER);
    }
  }

  @Test
  void theContainersFirstProcessIgnoresEverySignalARunSendsIt() throws Exception {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO, 1)) {
      assertThat(docker.awaitWarm(DockerFixture.TINY, 1, Duration.ofSeconds(60))).isTrue();

      SandboxResult r =
          docker.run(
              "for s in KILL TERM INT HUP QUIT USR1 USR2 PIPE ALRM STOP CONT; do"
                  + " kill -s $s 1 && echo sent; done; echo alive; exit 3");

      assertThat(r.stdout().text()).isEqualTo("sent\n".repeat(11) + "alive\n");
      assertThat(r.exitStatus()).isEqualTo(3);
      assertThat(r.timeout()).isEqualTo(Timeout.NONE);
      assertThat(r.usage().cpuMs()).as("the wrapper reported").isNotNegative();
    }
  }

  @Test
  void aContainerWhoseWrapperIsItsFirstProcessAndThatDiedBeforeItsRequestNeverStarted()
      throws Exception {
    try (DockerFixture docker = new DockerFixture()) {
      Containers containers = new Containers(docker.engine);
      String label = "never-" + UUID.randomUUID();
      WaitingWrapper.Attached a =
          WaitingWrapper.attach(
              containers,
              ContainerSpec.waiting(
                  DockerFixture.TINY,
                  DockerFixture.LIMITS,
                  docker.settings,
                  Labels.forRun(
                      docker.instanceId,
                      label,
                      Instant.now().plusSeconds(120),
                      Labels.Owner.current())),
              "runbox-" + label,
              Duration.ofMinutes(1),
              Duration.ofSeconds(30),
              () -> {});
      try {
        assertThat(a.wrapper().waiting()).isTrue();
        containers.kill(a.containerId());
        assertThat(a.wrapper().exec().await()).isTrue();

        Runner.Ran ran =
            Runner.run(
                a.wrapper(),
                docker.engine,
                docker.job("echo never", DockerFixture.LIMITS),
                new byte[0],
                new byte[0],
                docker.settings.deadlines(Duration.ofSeconds(10)),
                10,
                true,
                dev.runbox.core.Live.none());

        assertThat(ran).isInstanceOf(Runner.NeverStarted.class);
      } finally {
        containers.removeNow(a.containerId(), "test container");
        containers.close();
      }
    }
  }

  @Test
  void aWrapperThatEndedBeforeItsRequestIsReportedAsNeverStarted() throws Exception {
    try (DockerFixture docker = new DockerFixture()) {
      Containers containers = new Containers(docker.engine);
      String id =
          containers.createAndStart(
              ContainerSpec.of(
                  DockerFixture.TINY,
                  DockerFixture.LIMITS,
                  docker.settings,
                  Labels.forRun(
                      docker.instanceId,
                      "never-" + UUID.randomUUID(),
                      Instant.now().plusSeconds(120),
                      Labels.Owner.current())),
              "runbox-never-" + UUID.randomUUID());
      try {
        WaitingWrapper w =
            WaitingWrapper.start(
                docker.engine, id, docker.settings, Duration.ofMinutes(1), () -> {});
        assertThat(w.awaitStarted(Duration.ofSeconds(30))).isTrue();
        killEveryProcessOfTheRunUser(docker, id);
        assertThat(w.exec().await()).as("the wrapper's exec ended").isTrue();

        Runner.Ran ran =
            Runner.run(
                w,
                docker.engine,
                docker.job("echo never", DockerFixture.LIMITS),
                new byte[0],
                new byte[0],
                docker.settings.deadlines(Duration.ofSeconds(10)),
                10,
                true,
                dev.runbox.core.Live.none());

        assertThat(ran).isInstanceOf(Runner.NeverStarted.class);
      } finally {
        containers.removeNow(id, "test container");
        containers.close();
      }
    }
  }

  /** As the run's user, from outside any run: what a run of that container could do to it. */
  private static void killEveryProcessOfTheRunUser(DockerFixture docker, String containerId) {
    try (ExecTar exec = new ExecTar()) {
      exec.start(
          docker.engine,
          containerId,
          docker.settings.runUser(),
          // The engine answers the wrapper's exec before runc has made its process: on a busy
          // machine a kill sent at once finds nothing. So first see a process of the run user
          // other than this shell and the container's first (a bounded look), then kill.
          List.of(
              "/bin/sh",
              "-c",
              "n=0; while [ $n -lt 5000 ]; do for p in /proc/[0-9]*; do"
                  + " case $p in /proc/1|/proc/$$) ;; *) [ -O $p ] && break 2 ;; esac; done;"
                  + " n=$((n+1)); done; kill -9 -1; true"),
          List.of(),
          new ByteArrayInputStream(new byte[0]),
          b -> {},
          b -> {},
          () -> {});
      assertThat(exec.await()).isTrue();
    }
  }
}
