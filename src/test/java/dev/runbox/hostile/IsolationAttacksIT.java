package dev.runbox.hostile;

import static dev.runbox.hostile.Attack.limits;
import static dev.runbox.hostile.Attack.program;
import static dev.runbox.hostile.HostileService.assertEnding;
import static dev.runbox.hostile.HostileService.stdout;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.hostile.Attack.Ending;
import dev.runbox.sandbox.docker.ServiceFixture;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Attacks on isolation and on the result itself (classes 11-13, 15 and 19-22 of
 * shared/SECURITY.md), each its own hostile program from {@code
 * src/test/resources/hostile/programs/} in shell, Python or C, sent to {@code POST /v1/runs} of the
 * real service (see {@link HostileService}). Each test asserts the run's exact ending and output;
 * after each, a normal run must be answered and nothing of the instance left.
 */
class IsolationAttacksIT {
  private static ServiceFixture service;

  @BeforeAll
  static void startTheService() throws InterruptedException {
    service = HostileService.start();
  }

  @AfterAll
  static void stopTheService() {
    service.close();
  }

  @AfterEach
  void aNormalRunRightAfterIsAnsweredAndNothingIsLeft() {
    HostileService.assertANormalRunIsAnsweredAndNothingIsLeft(service);
  }

  private static JsonNode send(Attack attack) {
    return attack.send(service);
  }

  // 11. channels between sandboxes

  @Test
  void aSysVIpcChannelLeftByOneRunIsNotThereForTheNext() {
    Attack ipc = program("c", "ipc.c", null, limits("time_s", 10));
    JsonNode plant =
        send(
            new Attack(
                "c",
                ipc.files(),
                "gcc -o /tmp/ipc ipc.c && exec /tmp/ipc plant",
                "",
                ipc.limits()));
    JsonNode find =
        send(
            new Attack(
                "c", ipc.files(), "gcc -o /tmp/ipc ipc.c && exec /tmp/ipc find", "", ipc.limits()));

    assertEnding(plant, Ending.exited(0, "faulty"));
    assertThat(stdout(plant)).isEqualTo("planted: shm yes, msg yes\n");
    assertEnding(find, Ending.exited(0, "faulty"));
    assertThat(stdout(find))
        .as(find.toString())
        .isEqualTo("shm: No such file or directory\nmsg: No such file or directory\n");
  }

  // read-only system

  @Test
  void writingToTheRootEtcProcSysOrSysIsRefusedFromShell() {
    JsonNode r =
        send(program("bash", "write-system.sh", "bash write-system.sh", limits("time_s", 10)));

    assertEnding(r, Ending.exited(0, "faulty"));
    assertThat(stdout(r))
        .isEqualTo(
            "refused /evil\nrefused /etc/evil\nrefused /etc/passwd\nrefused /usr/bin/evil\n"
                + "refused /proc/sys/kernel/hostname\nrefused /proc/sys/vm/drop_caches\nrefused /proc/sysrq-trigger\n"
                + "refused /sys/kernel/mm/transparent_hugepage/enabled\n");
  }

  @Test
  void writingToTheRootEtcProcSysOrSysIsRefusedFromC() {
    JsonNode r =
        send(
            program(
                "c",
                "write-system.c",
                "gcc -o /tmp/w write-system.c && exec /tmp/w",
                limits("time_s", 10)));

    assertEnding(r, Ending.exited(0, "faulty"));
    assertThat(stdout(r))
        .isEqualTo(
            "/evil: Read-only file system\n/etc/evil: Read-only file system\n"
                + "/etc/passwd: Read-only file system\n/usr/bin/evil: Read-only file system\n"
                + "/proc/sys/kernel/hostname: Read-only file system\n/proc/sys/vm/drop_caches: Read-only file system\n"
                + "/proc/sysrq-trigger: No such file or directory\n/sys/kernel/mm/transparent_hugepage/enabled: Read-only file system\n");
  }

  // 12. network

  @Test
  void everyNetworkAttemptFromPythonFails() {
    int port = service.port();
    JsonNode r =
        send(program("python", "network.py", "python3 network.py " + port, limits("time_s", 20)));

    assertEnding(r, Ending.exited(0, "faulty"));
    assertThat(stdout(r))
        .isEqualTo(
            "tcp 127.0.0.1:"
                + port
                + " failed: ConnectionRefusedError Connection refused\n"
                + "tcp 127.0.0.1:2375 failed: ConnectionRefusedError Connection refused\n"
                + "tcp 127.0.0.1:2376 failed: ConnectionRefusedError Connection refused\n"
                + "tcp 127.0.0.1:22 failed: ConnectionRefusedError Connection refused\n"
                + "tcp 192.0.2.1:80 failed: OSError Network is unreachable\n"
                + "udp 192.0.2.1:53 failed: OSError Network is unreachable\n"
                + "dns deb.debian.org failed: gaierror \n"
                + "raw icmp socket failed: PermissionError Operation not permitted\n"
                + "packet socket failed: PermissionError Operation not permitted\n"
                + "interfaces: lo\n");
  }

  @Test
  void everyNetworkAttemptFromCFails() {
    int port = service.port();
    JsonNode r =
        send(
            program(
                "c",
                "network.c",
                "gcc -o /tmp/n network.c && exec /tmp/n " + port,
                limits("time_s", 10)));

    assertEnding(r, Ending.exited(0, "faulty"));
    assertThat(stdout(r))
        .isEqualTo(
            "tcp 127.0.0.1:"
                + port
                + " failed: Connection refused\n"
                + "tcp 192.0.2.1:80 failed: Network is unreachable\nraw icmp socket Operation not permitted\n");
  }

  @Test
  void everyNetworkAttemptFromBashFails() {
    int port = service.port();
    JsonNode r =
        send(program("bash", "network.sh", "bash network.sh " + port, limits("time_s", 10)));

    assertEnding(r, Ending.exited(0, "faulty"));
    assertThat(stdout(r)).isEqualTo("tcp 127.0.0.1:" + port + " failed\ndns failed: status 2\n");
  }

  // 13. privilege escalation

  @Test
  void setuidBinariesGiveNoPrivilegesAndNoCapabilityIsLeft() {
    JsonNode r = send(program("bash", "setuid.sh", "bash setuid.sh", limits("time_s", 20)));

    assertEnding(r, Ending.exited(0, "faulty"));
    assertThat(stdout(r))
        .isEqualTo(
            "uid 10001 gid 10001\nCapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n"
                + "CapEff:\t0000000000000000\nCapBnd:\t0000000000000000\nCapAmb:\t0000000000000000\nNoNewPrivs:\t1\nSeccomp:\t2\n"
                + "setuid binary /usr/bin/chfn\nsetuid binary /usr/bin/chsh\nsetuid binary /usr/bin/gpasswd\n"
                + "setuid binary /usr/bin/mount\nsetuid binary /usr/bin/newgrp\nsetuid binary /usr/bin/passwd\n"
                + "setuid binary /usr/bin/su\nsetuid binary /usr/bin/umount\n"
                + "su: status 1\nmount: status 32\n/tmp/mysh -c 'id -u': 10001\n");
  }

  @Test
  void privilegeSyscallsFromPythonAreRefused() {
    JsonNode r = send(program("python", "setuid.py", "python3 setuid.py", limits("time_s", 10)));

    assertEnding(r, Ending.exited(0, "faulty"));
    assertThat(stdout(r))
        .isEqualTo(
            "setuid(0) refused: Operation not permitted\nsetgid(0) refused: Operation not permitted\n"
                + "chroot refused: Operation not permitted\nmknod /dev/mem refused: Operation not permitted\n"
                + "unshare user namespace refused: Operation not permitted\nmount tmpfs refused: Operation not permitted\n"
                + "chown to root refused: Operation not permitted\n");
  }

  @Test
  void privilegeSyscallsFromCAreRefused() {
    JsonNode r =
        send(
            program(
                "c", "setuid.c", "gcc -o /tmp/s setuid.c && exec /tmp/s", limits("time_s", 10)));

    assertEnding(r, Ending.exited(0, "faulty"));
    assertThat(stdout(r))
        .isEqualTo(
            "setuid(0) Operation not permitted\nsetresuid(0,0,0) Operation not permitted\n"
                + "unshare user namespace Operation not permitted\nmount tmpfs Operation not permitted\n"
                + "chroot Operation not permitted\nptrace pid 1 Operation not permitted\n");
  }

  // 19. /proc; 12. Docker socket, credentials, service config; 20. environment

  @Test
  void procShowsNoOtherProcessOrHostSecret() throws Exception {
    String host =
        java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
    JsonNode r =
        send(
            program(
                "python", "proc-snoop.py", "python3 proc-snoop.py " + host, limits("time_s", 10)));

    assertEnding(r, Ending.exited(0, "faulty"));
    assertThat(stdout(r))
        .as(
            "no process of another user: the container's first process is the wrapper, of the"
                + " run's own user and not dumpable")
        .isEqualTo(
            "processes of other users: 0\n"
                + "/proc/kcore: No such file or directory\n/proc/keys: 0 bytes\n/proc/timer_list: 0 bytes\n"
                + "/proc/sched_debug: No such file or directory\nkernel addresses in /proc/kallsyms: 0\n"
                + "highest pid seen below 100: True\nhostname is the host's: False\n");
  }

  @Test
  void noDockerSocketCredentialServiceConfigOrServiceVariableIsVisible() {
    String folder = java.nio.file.Path.of("").toAbsolutePath().toString();
    JsonNode r =
        send(program("bash", "secrets.sh", "bash secrets.sh " + folder, limits("time_s", 20)));

    assertEnding(r, Ending.exited(0, "faulty"));
    assertThat(stdout(r))
        .isEqualTo(
            "no "
                + folder
                + "\nno "
                + folder
                + "/images\nno /var/run/docker.sock\nno /run/docker.sock\nno /run/containerd/containerd.sock\n"
                + "no /root/.docker/config.json\nno /etc/runbox\nno /work\nno /var/lib/docker\nno /proc/1/environ\n"
                + "sockets on the file system: 0\ncredential or config files: \n"
                + "environment: BATS_TMPDIR HOME HOSTNAME LANG PATH PWD SHLVL TMPDIR _ \n");
  }

  // 15. links planted for the files coming back

  @Test
  void plantedSymlinksAndHardLinksNeverBringHostOrProcContentBack() throws Exception {
    String serviceFile = java.nio.file.Path.of("pom.xml").toAbsolutePath().toString();
    JsonNode r =
        send(
            program("bash", "links.sh", "bash links.sh " + serviceFile, limits("time_s", 10))
                .withFile("keep.txt", "mine\n")
                .withFile("given.txt", "given\n"));

    assertThat(Ending.of(r)).as(r.toString()).isEqualTo(Ending.exited(0, "faulty"));
    assertThat(stdout(r)).isEqualTo("hard link to /etc/passwd refused\nplanted\n");
    assertThat(r.get("files").toString())
        .as("no link is followed; a hard link to a file of the run is that file")
        .isEqualTo(
            "{\"created\":{\"hard-keep\":{\"content\":\"mine\\n\",\"truncated\":false}},\"changed\":{},"
                + "\"deleted\":[\"given.txt\"],\"complete\":true}");
  }

  // 22. terminal and encoding tricks

  @Test
  void invalidUtf8AndEscapeCodesComeBackEscapedAndFlagged() {
    JsonNode r = send(program("bash", "escapes.sh", "bash escapes.sh", limits("time_s", 10)));

    assertThat(Ending.of(r)).as(r.toString()).isEqualTo(Ending.exited(0, "faulty"));
    assertThat(stdout(r))
        .isEqualTo("ok \uFFFD\uFFFD \u001b[31mred\u001b[0m \u001b]0;pwned\u0007\u001b[2J\r\n");
    assertThat(r.at("/stdout/encoding").asText()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(r.at("/stdout/content_base64").asText()))
        .isEqualTo(
            "ok \377\376 \033[31mred\033[0m \033]0;pwned\007\033[2J\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
    assertThat(r.at("/stderr/content").asText())
        .isEqualTo("\u001b[1A\u001b[2Kerase the line above\n");
    assertThat(r.get("files").toString())
        .as("a file named with a control character is not taken; the list says so")
        .isEqualTo("{\"created\":{},\"changed\":{},\"deleted\":[],\"complete\":false}");
  }

  @Test
  void aFileNamedWithABadByteCannotPassForTheSentFileItResembles() {
    JsonNode r =
        send(
            program("bash", "name-not-utf8.sh", "bash name-not-utf8.sh", limits("time_s", 10))
                .withFile("given?", "sent\n"));

    assertThat(Ending.of(r)).as(r.toString()).isEqualTo(Ending.exited(0, "faulty"));
    assertThat(stdout(r)).isEqualTo("written\n");
    assertThat(r.get("files").toString())
        .as("a name that is not UTF-8 is not taken, and the list says so")
        .isEqualTo("{\"created\":{},\"changed\":{},\"deleted\":[],\"complete\":false}");
  }

  @Test
  void everyByteValueComesBackExactly() {
    JsonNode r = send(program("python", "escapes.py", "python3 escapes.py", limits("time_s", 10)));

    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    assertEnding(r, Ending.exited(0, "faulty"));
    assertThat(Base64.getDecoder().decode(r.at("/stdout/content_base64").asText())).isEqualTo(all);
  }

  // 21. forged results

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "python | fake-green.py | python3 fake-green.py | 137 | faulty | 3 passed in 0.01s",
        "bash   | fake-green.sh | bash fake-green.sh    | 137 | faulty | 1..1\\nok 1 everything passes"
      })
  void aFakeGreenSummaryFollowedByACrashIsNotGreen(
      String image, String file, String command, int status, String outcome, String printed) {
    JsonNode r = send(program(image, file, command, limits("time_s", 10)));

    assertEnding(r, Ending.exited(status, outcome));
    assertThat(stdout(r)).isEqualTo(printed.replace("\\n", "\n") + "\n");
  }

  @Test
  void aCProgramPrintingTheGreenLineThenAbortingIsAmberUnderTheImagesOwnCommand() {
    JsonNode r = send(program("c", "fake_green.c", null, limits("time_s", 20)));

    assertEnding(r, Ending.exited(134, "amber"));
    assertThat(stdout(r)).isEqualTo("All tests passed\n");
  }
}
