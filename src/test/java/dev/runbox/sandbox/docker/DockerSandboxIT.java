package dev.runbox.sandbox.docker;

import static dev.runbox.sandbox.docker.DockerFixture.LIMITS;
import static dev.runbox.sandbox.docker.DockerFixture.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.Limits;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DockerSandboxIT {
  private final DockerFixture docker = new DockerFixture();

  @AfterEach
  void nothingIsLeft() {
    docker.close();
  }

  @Test
  void runsTheCommandOnTheFilesAndReportsItsOutputAndStatus() {
    SandboxResult r =
        docker.run("cat hello.txt; echo oops >&2; exit 3", file("hello.txt", "hello\n"));

    assertThat(r.stdout().text()).isEqualTo("hello\n");
    assertThat(r.stderr().text()).isEqualTo("oops\n");
    assertThat(r.exitStatus()).isEqualTo(3);
    assertThat(r.timeout()).isEqualTo(Timeout.NONE);
    assertThat(r.oomKilled()).isFalse();
    assertThat(r.usage().wallMs()).isPositive();
    assertThat(r.usage().memoryPeakBytes()).isPositive();
  }

  @Test
  void runsAsANonRootUserWithNoCapabilities() {
    SandboxResult r =
        docker.run(
            "id -u; grep -E '^Cap(Eff|Prm|Bnd):' /proc/self/status; grep NoNewPrivs /proc/self/status");

    assertThat(r.stdout().text())
        .startsWith("10001\n")
        .contains(
            "CapEff:\t0000000000000000", "CapPrm:\t0000000000000000", "CapBnd:\t0000000000000000")
        .contains("NoNewPrivs:\t1");
  }

  @Test
  void hasNoNetworkButLoopback() {
    SandboxResult r =
        docker.run(
            "ls /sys/class/net; (exec 3<>/dev/tcp/127.0.0.1/4597) 2>&1; bash -c 'exec 3<>/dev/tcp/1.1.1.1/53' 2>&1; echo end");

    assertThat(r.stdout().text()).startsWith("lo\n").contains("end").doesNotContain("eth0");
  }

  @Test
  void cannotWriteToTheRootFileSystem() {
    SandboxResult r =
        docker.run("echo x > /x; echo x > /etc/passwd; touch /usr/bin/evil; echo status=$?");

    assertThat(r.stderr().text()).contains("Read-only file system");
    assertThat(r.stdout().text()).contains("status=1");
  }

  @Test
  void fillingTheSandboxBeyondItsSizeFailsWithNoSpace() {
    Limits small = new Limits(10, 128, 1.0, 64, 4, 50, 256);
    SandboxResult r = docker.run("head -c 8M /dev/zero > big; echo status=$?", small);

    assertThat(r.stderr().text()).contains("No space left on device");
    assertThat(r.stdout().text()).contains("status=1");
  }

  @Test
  void cutsOutputAtExactlyTheCapWhileDrainingThePipe() {
    SandboxResult r = docker.run("head -c 1000000 /dev/zero | tr '\\0' x; echo done >&2");

    assertThat(r.stdout().size()).isEqualTo(LIMITS.outputBytes());
    assertThat(r.stdout().truncated()).isTrue();
    assertThat(r.stderr().text()).isEqualTo("done\n");
    assertThat(r.exitStatus()).isZero();
  }

  @Test
  void reportsCreatedChangedAndDeletedFiles() {
    SandboxResult r =
        docker.run(
            "echo new > made.txt; mkdir -p sub; echo deep > sub/deep.txt; echo more >> keep.txt; rm gone.txt",
            file("keep.txt", "keep\n"),
            file("gone.txt", "bye\n"),
            file("same.txt", "same\n"));

    assertThat(r.files())
        .extracting(h -> h.path())
        .containsExactlyInAnyOrder("keep.txt", "same.txt", "made.txt", "sub/deep.txt");
    var changes =
        dev.runbox.core.FileChanges.between(
            new dev.runbox.core.FileSet(
                java.util.List.of(
                    file("keep.txt", "keep\n"),
                    file("gone.txt", "bye\n"),
                    file("same.txt", "same\n"))),
            r.files(),
            true);
    assertThat(changes.created()).containsOnlyKeys("made.txt", "sub/deep.txt");
    assertThat(changes.created().get("made.txt").text()).isEqualTo("new\n");
    assertThat(changes.changed()).containsOnlyKeys("keep.txt");
    assertThat(changes.changed().get("keep.txt").text()).isEqualTo("keep\nmore\n");
    assertThat(changes.deleted()).containsExactly("gone.txt");
  }

  @Test
  void aPlantedSymlinkToAHostFileNeverBringsItsContentBack() {
    SandboxResult r =
        docker.run(
            "ln -s /etc/shadow shadow; ln -s /etc/passwd passwd; ln -s /proc/self/environ env; ln -s / root; echo ok");

    assertThat(r.stdout().text()).isEqualTo("ok\n");
    assertThat(r.files()).isEmpty();
  }

  @Test
  void aMemoryHogIsOomKilledAndReportedSo() {
    SandboxResult r = docker.run("python3 -c 'x = bytearray(512 * 1024 * 1024); print(len(x))'");

    assertThat(r.oomKilled()).isTrue();
    assertThat(r.exitStatus()).isEqualTo(137);
    assertThat(r.stdout().text()).isEmpty();
  }
}
