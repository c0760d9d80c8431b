package dev.runbox.sandbox.docker;

import static dev.runbox.sandbox.docker.DockerFixture.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.FileChanges;
import dev.runbox.core.FileSet;
import dev.runbox.core.Limits;
import dev.runbox.core.SandboxResult;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The attack classes of shared/SECURITY.md, each with its own hostile program, against the real
 * engine. Each test checks the exact result, that a normal run works right after, and (in {@link
 * #nothingIsLeft}) that no container is left.
 */
class HostileProgramsIT {
  private static final Limits SHORT = new Limits(3, 128, 1.0, 64, 16, 50, 256);
  private final DockerFixture docker = new DockerFixture();

  @AfterEach
  void nothingIsLeft() {
    SandboxResult next = docker.run("echo still fine");
    assertThat(next.stdout().text()).isEqualTo("still fine\n");
    docker.close();
  }

  private SandboxResult python(String source, Limits limits) {
    return docker.run("python3 attack.py", limits, file("attack.py", source));
  }

  @Test
  void aPythonForkBombIsHeldByThePidsLimit() {
    SandboxResult r =
        python(
            "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
            SHORT);

    assertThat(r.timedOut()).isTrue();
    assertThat(r.oomKilled()).isFalse();
  }

  @Test
  void aThreadBombIsHeldByThePidsLimit() {
    SandboxResult r =
        python(
            "import threading, time\nn = 0\ntry:\n    while True:\n"
                + "        threading.Thread(target=time.sleep, args=(60,), daemon=True).start(); n += 1\n"
                + "except RuntimeError as e:\n    print('stopped after', n, 'threads:', e)\n",
            SHORT);

    assertThat(r.stdout().text()).startsWith("stopped after").contains("can't start new thread");
    assertThat(r.exitStatus()).isZero();
  }

  @Test
  void sleepingForeverIsStoppedByTheTimeLimitAndSaysSo() {
    SandboxResult r = docker.run("sleep infinity", SHORT);

    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitStatus()).isEqualTo(124);
  }

  @Test
  void readingStdinWhenNoneWasSentGetsEndOfFileAtOnce() {
    SandboxResult r = docker.run("read line; echo status=$?", SHORT);

    assertThat(r.stdout().text()).isEqualTo("status=1\n");
    assertThat(r.timedOut()).isFalse();
  }

  @Test
  void aDoubleForkedDaemonIsNotAliveInNorVisibleToTheNextRun() {
    SandboxResult first =
        docker.run(
            "(setsid sh -c 'while :; do date > /tmp/daemon; sleep 0.1; done' &) ; echo spawned",
            SHORT);
    SandboxResult next =
        docker.run(
            "ls /tmp; for d in /proc/[0-9]*; do [ -O $d ] && tr '\\0' ' ' < $d/cmdline && echo; done",
            SHORT);

    assertThat(first.stdout().text()).isEqualTo("spawned\n");
    assertThat(next.stdout().text())
        .as("the next run's files and processes")
        .doesNotContain("daemon", "sleep 0.1");
  }

  @Test
  void aBinaryOutputFloodIsCappedWhileDrained() {
    SandboxResult r = docker.run("head -c 20000000 /dev/urandom; echo done >&2", SHORT);

    assertThat(r.stdout().size()).isEqualTo(SHORT.outputBytes());
    assertThat(r.stdout().truncated()).isTrue();
    assertThat(r.stderr().text()).isEqualTo("done\n");
  }

  @Test
  void aFloodOfLinesOnBothStreamsIsCappedPerStream() {
    SandboxResult r =
        docker.run("yes out | head -n 1000000 & yes err | head -n 1000000 >&2; wait", SHORT);

    assertThat(r.stdout().size()).isEqualTo(SHORT.outputBytes());
    assertThat(r.stderr().size()).isEqualTo(SHORT.outputBytes());
    assertThat(r.stdout().truncated()).isTrue();
    assertThat(r.stderr().truncated()).isTrue();
  }

  @Test
  void fillingTmpFailsWithNoSpaceLeft() {
    SandboxResult r = docker.run("head -c 64M /dev/zero > /tmp/big; echo status=$?", SHORT);

    assertThat(r.stderr().text()).contains("No space left on device");
    assertThat(r.stdout().text()).isEqualTo("status=1\n");
  }

  @Test
  void aHugeNumberOfSmallFilesHitsTheInodeCapAndTheFileListIsCapped() {
    SandboxResult r =
        docker.run(
            "i=0; while [ $i -lt 20000 ]; do true > f$i || break; i=$((i+1)); done; echo made=$i",
            new Limits(30, 256, 1.0, 64, 64, 50, 256));

    assertThat(r.stdout().text()).startsWith("made=");
    assertThat(Integer.parseInt(r.stdout().text().strip().substring(5))).isLessThan(20000);
    assertThat(r.stderr().text()).contains("No space left on device");
    assertThat(r.files()).hasSize(docker.settings.maxFilesBack());
    assertThat(r.filesComplete()).isFalse();
  }

  @Test
  void writingToTheRootEtcOrProcSysFails() {
    SandboxResult r =
        docker.run(
            "for f in /evil /etc/evil /usr/bin/evil /proc/sys/kernel/hostname /proc/sysrq-trigger; do"
                + " (echo x > $f) 2>/dev/null && echo WROTE $f || echo refused $f; done",
            SHORT);

    assertThat(r.stdout().text())
        .doesNotContain("WROTE")
        .contains("refused /evil", "refused /proc/sys/kernel/hostname");
  }

  @Test
  void everyNetworkAttemptFails() {
    SandboxResult r =
        python(
            "import socket\n"
                + "for host, port in [('127.0.0.1', 4597), ('127.0.0.1', 2375), ('1.1.1.1', 53), ('10.0.0.1', 80)]:\n"
                + "    s = socket.socket()\n    s.settimeout(1)\n"
                + "    try:\n        s.connect((host, port)); print('CONNECTED', host, port)\n"
                + "    except OSError as e:\n        print('refused', host, port, type(e).__name__)\n"
                + "try:\n    socket.getaddrinfo('deb.debian.org', 80); print('RESOLVED')\n"
                + "except OSError as e:\n    print('no dns')\n"
                + "try:\n    socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); print('RAW')\n"
                + "except OSError as e:\n    print('no raw socket')\n"
                + "print(open('/proc/net/dev').read().count(':'), 'interfaces')\n",
            SHORT);

    assertThat(r.stdout().text())
        .doesNotContain("CONNECTED", "RESOLVED", "RAW\n")
        .contains("no dns", "no raw socket", "1 interfaces");
  }

  @Test
  void setuidAndCapabilityTricksFail() {
    SandboxResult r =
        python(
            "import os\n"
                + "for f in (lambda: os.setuid(0), lambda: os.setgid(0), lambda: os.chroot('/tmp'), lambda: os.mknod('/sandbox/dev', 0o20666, os.makedev(1, 3))):\n"
                + "    try:\n        f(); print('ESCALATED')\n    except OSError as e:\n        print('denied', e.errno)\n"
                + "print(open('/proc/self/status').read().split('NoNewPrivs:')[1].split()[0])\n",
            SHORT);

    assertThat(r.stdout().text()).doesNotContain("ESCALATED").endsWith("1\n");
    assertThat(r.stdout().text().lines().filter(l -> l.startsWith("denied"))).hasSize(4);
  }

  @Test
  void procShowsNoOtherProcessesSecretsOrDockerSocket() {
    SandboxResult r =
        docker.run(
            "ls /proc | grep -c '^[0-9]'; cat /proc/1/environ 2>&1 | head -c 100; echo;"
                + " ls -l /var/run/docker.sock /run/docker.sock 2>&1; env | cut -d= -f1 | sort | tr '\\n' ' '",
            SHORT);

    String out = r.stdout().text();
    assertThat(out)
        .contains("Permission denied")
        .contains("No such file or directory")
        .doesNotContainIgnoringCase("token")
        .doesNotContain("RUNBOX_", "JAVA_HOME", "DOCKER");
    assertThat(Integer.parseInt(out.lines().findFirst().orElseThrow().strip()))
        .as("processes visible")
        .isLessThan(10);
  }

  @Test
  void plantedLinksToHostFilesAndProcSelfNeverBringContentBack() {
    SandboxResult r =
        docker.run(
            "ln -s /etc/shadow shadow; ln -s /proc/self/environ environ; ln -s /proc/1/root rootfs;"
                + " ln /etc/passwd passwd 2>/dev/null; ln -s ../../etc/hostname up; mkdir d; ln -s /etc d/etc; echo planted",
            SHORT,
            file("keep.txt", "mine\n"));

    assertThat(r.stdout().text()).isEqualTo("planted\n");
    assertThat(r.files()).extracting(h -> h.path()).containsExactly("keep.txt");
    FileChanges changes =
        FileChanges.between(new FileSet(List.of(file("keep.txt", "mine\n"))), r.files(), true);
    assertThat(changes.created()).isEmpty();
  }

  /**
   * What the wrapper's tar (BusyBox's) meets in a hostile /sandbox: a FIFO (read, it would block
   * the tar), a socket, a file no one may read, a hard link, long and deep names, a name that is
   * not UTF-8. Only the regular files come back, with their content, and the run ends as usual.
   */
  @Test
  void aSandboxFullOfOddEntriesGivesBackItsRegularFilesAlone() {
    String deep = "d".repeat(60) + "/" + "e".repeat(60) + "/" + "f".repeat(60);
    String longName = "L".repeat(200) + ".txt";
    String source =
        "import os, socket\n"
            + "os.mkfifo('fifo')\n"
            + "socket.socket(socket.AF_UNIX).bind('sock')\n"
            + "open('secret', 'w').write('hidden'); os.chmod('secret', 0)\n"
            + "os.link('keep.txt', 'hard.txt')\n"
            + ("os.makedirs('" + deep + "')\n")
            + ("open('" + deep + "/deep.txt', 'w').write('deep')\n")
            + ("open('" + longName + "', 'w').write('long')\n")
            + "open(b'bad\\xffname', 'w').write('x')\n"
            + "print('planted')\n";
    SandboxResult r =
        docker.run(
            "python3 attack.py", SHORT, file("attack.py", source), file("keep.txt", "mine\n"));

    assertThat(r.stdout().text()).isEqualTo("planted\n");
    assertThat(r.timedOut()).isFalse();
    assertThat(r.exitStatus()).isZero();
    assertThat(r.files())
        .filteredOn(h -> !h.path().equals("attack.py"))
        .extracting(h -> h.path() + "=" + h.content().text())
        .containsExactlyInAnyOrder(
            "keep.txt=mine\n", "hard.txt=mine\n", deep + "/deep.txt=deep", longName + "=long");
    assertThat(r.files()).extracting(h -> h.path()).contains("attack.py");
  }

  /** A request's files with names longer than a tar header holds (PAX headers) arrive whole. */
  @Test
  void filesWithLongAndDeepNamesArriveWhole() {
    String deep = "a".repeat(70) + "/" + "b".repeat(70) + "/" + "c".repeat(70) + ".txt";
    SandboxResult r = docker.run("cat " + deep, SHORT, file(deep, "arrived\n"));

    assertThat(r.stdout().text()).isEqualTo("arrived\n");
    assertThat(r.exitStatus()).isZero();
  }

  @Test
  void aFakeGreenSummaryBeforeACrashIsReportedWithTheCrashStatus() {
    SandboxResult r =
        python(
            "import os\nprint('3 passed in 0.01s', flush=True)\nos.kill(os.getpid(), 9)\n", SHORT);

    assertThat(r.stdout().text()).contains("3 passed");
    assertThat(r.exitStatus()).isEqualTo(137);
    assertThat(r.oomKilled()).isFalse();
  }
}
