package dev.runbox.sandbox.docker;

import static dev.runbox.sandbox.docker.DockerFixture.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.Limits;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.SandboxUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A representative part of the hostile set under gVisor (the engine's runtime {@code runsc}).
 * docs/gvisor.md says what holds there and why. Skipped when the engine has no runsc, unless
 * RUNBOX_EXPECT_GVISOR=1 (or -Drunbox.expectGvisor=true) says it must be there: then it fails.
 */
class GvisorIT {
  private static final String RUNTIME = "runsc";
  private static final Limits SHORT = new Limits(3, 128, 1.0, 64, 16, 50, 256);
  private static final Pattern CONTAINER_ID = Pattern.compile("\\b[0-9a-f]{64}\\b");

  private final DockerFixture docker = DockerFixture.underRuntime(RUNTIME);

  @BeforeAll
  static void theEngineHasRunsc() {
    boolean expected =
        "1".equals(System.getenv("RUNBOX_EXPECT_GVISOR"))
            || Boolean.getBoolean("runbox.expectGvisor");
    try (Engine engine =
        Engine.connect(URI.create("unix:///var/run/docker.sock"), Duration.ofSeconds(30), 2)) {
      Set<String> runtimes = engine.control().infoCmd().exec().getRuntimes().keySet();
      if (expected) {
        assertThat(runtimes)
            .as("RUNBOX_EXPECT_GVISOR is set: the engine must list the runtime " + RUNTIME)
            .contains(RUNTIME);
      }
      Assumptions.assumeTrue(
          runtimes.contains(RUNTIME),
          "the engine lists no runtime '"
              + RUNTIME
              + "' (only "
              + runtimes
              + "); install runsc and restart the engine with scripts/engine.sh, or set RUNBOX_EXPECT_GVISOR=1 to make this a failure");
    }
  }

  @AfterEach
  void nothingIsLeft() throws IOException {
    SandboxResult next = docker.run("echo still fine");
    assertThat(next.stdout().text()).isEqualTo("still fine\n");
    docker.close();
    try (Engine engine =
        Engine.connect(URI.create("unix:///var/run/docker.sock"), Duration.ofSeconds(30), 2)) {
      Set<String> known =
          engine.control().listContainersCmd().withShowAll(true).exec().stream()
              .map(c -> c.getId())
              .collect(Collectors.toSet());
      assertThat(runtimeProcessesOfNoContainer(known))
          .as("runsc or containerd-shim processes of no container")
          .isEmpty();
    }
  }

  private SandboxResult python(String source) {
    return docker.run("python3 attack.py", SHORT, file("attack.py", source));
  }

  /**
   * A bomb that ends the whole sandbox (the host's OOM killer ends runsc's kernel): the service
   * sees the container stopped and reports exit 137 and the OOM kill from the engine's own state.
   */
  private void endsTheSandbox(String source) {
    SandboxResult r = python(source);
    assertThat(r.exitStatus()).as("exit status; stderr: " + r.stderr().text()).isEqualTo(137);
    assertThat(r.oomKilled()).isTrue();
    assertThat(r.stdout().text()).doesNotContain("ESCAPED");
  }

  @Test
  void aNormalRunWorksAsTheRunUserWithItsFiles() {
    SandboxResult r =
        docker.run("cat in.txt; id -u; echo made > out.txt", SHORT, file("in.txt", "hello\n"));

    assertThat(r.stdout().text()).isEqualTo("hello\n10001\n");
    assertThat(r.exitStatus()).isZero();
    assertThat(r.files()).extracting(f -> f.path()).contains("in.txt", "out.txt");
  }

  @Test
  void aJudgeSessionIsRefusedBeforeAnyContainerIsMade() {
    assertThatThrownBy(
            () ->
                docker.sandbox.open(
                    "gvisor-session", "runbox/tiny:latest", SHORT, Duration.ofMinutes(1)))
        .isInstanceOf(SandboxUnavailableException.class)
        .hasMessageContaining("judge mode is not available under it");
  }

  @Test
  void sleepingForeverIsStoppedByTheInnerTimer() {
    SandboxResult r = docker.run("sleep infinity", SHORT);

    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitStatus()).isEqualTo(124);
  }

  /**
   * The memory cgroup holds the whole sandbox (Sentry, gofer and the program's memory): the host
   * OOM killer ends the Sentry and with it the run, which the exec only shows at the outer
   * deadline.
   */
  @Test
  void aMemoryBombEndsTheSandbox() {
    endsTheSandbox("b = []\nwhile True:\n    b.append(bytearray(1 << 20))\nprint('ESCAPED')\n");
  }

  /** 64 Python processes outgrow 128 MiB under gVisor, so the memory limit ends this one. */
  @Test
  void aForkBombEndsTheSandbox() {
    endsTheSandbox(
        "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n");
  }

  @Test
  void aThreadBombIsStoppedGracefullyByNproc() {
    SandboxResult r =
        python(
            "import threading, time\nn = 0\ntry:\n    while True:\n"
                + "        threading.Thread(target=time.sleep, args=(60,), daemon=True).start(); n += 1\n"
                + "except RuntimeError as e:\n    print('stopped after', n, 'threads:', e)\n");

    assertThat(r.stdout().text()).startsWith("stopped after").contains("can't start new thread");
    assertThat(r.exitStatus()).isZero();
  }

  @Test
  void everyNetworkAttemptFails() {
    SandboxResult r =
        python(
            "import socket\n"
                + "for host, port in [('127.0.0.1', 2375), ('1.1.1.1', 53), ('10.0.0.1', 80)]:\n"
                + "    s = socket.socket()\n    s.settimeout(1)\n"
                + "    try:\n        s.connect((host, port)); print('CONNECTED', host, port)\n"
                + "    except OSError as e:\n        print('refused', host, port)\n"
                + "try:\n    socket.getaddrinfo('deb.debian.org', 80); print('RESOLVED')\n"
                + "except OSError as e:\n    print('no dns')\n"
                + "print(open('/proc/net/dev').read().count(':'), 'interfaces')\n");

    assertThat(r.stdout().text())
        .doesNotContain("CONNECTED", "RESOLVED")
        .contains("no dns", "1 interfaces");
  }

  /**
   * gVisor lets the program create device nodes without CAP_MKNOD and ignores nodev, but a node
   * only ever opens one of the Sentry's emulated devices: /dev/mem's numbers open nothing.
   */
  @Test
  void runsAsNonRootWithoutCapabilitiesOrNewPrivilegesAndReachesNoHostDevice() {
    SandboxResult r =
        python(
            "import os, subprocess\n"
                + "print(os.getuid(), open('/proc/self/status').read().split('CapEff:')[1].split()[0])\n"
                + "print([l for l in subprocess.run(['setpriv', '-d'], capture_output=True, text=True).stdout.splitlines() if 'no_new' in l][0])\n"
                + "for f in (lambda: os.setuid(0), lambda: os.setgid(0), lambda: os.chroot('/tmp')):\n"
                + "    try:\n        f(); print('ESCALATED')\n    except OSError as e:\n        print('denied', e.errno)\n"
                + "try:\n    os.mknod('/sandbox/mem', 0o20666, os.makedev(1, 1)); open('/sandbox/mem', 'rb').read(1); print('ESCALATED')\n"
                + "except OSError as e:\n    print('no device', e.errno)\n");

    assertThat(r.stdout().text())
        .startsWith("10001 0000000000000000\nno_new_privs: 1\n")
        .doesNotContain("ESCALATED")
        .contains("no device");
    assertThat(r.stdout().text().lines().filter(l -> l.startsWith("denied"))).hasSize(3);
  }

  @Test
  void theRootIsReadOnlyAndTheTmpfsSizeHolds() {
    SandboxResult r =
        docker.run(
            "for f in /evil /etc/evil /usr/bin/evil /proc/sys/kernel/hostname; do"
                + " (echo x > $f) 2>/dev/null && echo WROTE $f || echo refused $f; done; head -c 64M /dev/zero > /tmp/big; echo status=$?",
            SHORT);

    assertThat(r.stdout().text())
        .doesNotContain("WROTE")
        .contains("refused /evil", "refused /etc/evil")
        .endsWith("status=1\n");
    assertThat(r.stderr().text()).contains("No space left on device");
  }

  /**
   * Host processes of gVisor or of a containerd shim that name a container the engine no longer
   * has.
   */
  private static List<String> runtimeProcessesOfNoContainer(Set<String> known) throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().matches("[0-9]+"))
          .map(GvisorIT::cmdline)
          .filter(c -> c.contains("runsc") || c.contains("containerd-shim"))
          .filter(c -> orphan(c, known))
          .toList();
    }
  }

  private static boolean orphan(String cmdline, Set<String> known) {
    Matcher m = CONTAINER_ID.matcher(cmdline);
    while (m.find()) {
      if (known.contains(m.group())) {
        return false;
      }
    }
    return true;
  }

  private static String cmdline(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }
}
