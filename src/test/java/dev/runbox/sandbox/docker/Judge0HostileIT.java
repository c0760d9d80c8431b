package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The core of the hostile suite sent as Judge0 submissions through {@code POST /submissions}: each
 * case checks what a Judge0 client sees (status, message, output) and that the defence held. Every
 * submission is created at once and run two at a time; each test then polls its own (bounded) to a
 * final status. After all of them, no container of the service is left.
 */
@org.junit.jupiter.api.Timeout(value = 300, threadMode = ThreadMode.SEPARATE_THREAD)
class Judge0HostileIT {
  private static final int PYTHON = 71;
  private static final int BASH = 46;
  private static final int C = 50;
  private static final int FLOOD_KB = 64;

  private static ServiceFixture service;
  private static String forkBomb;
  private static String threadBomb;
  private static String sleeper;
  private static String network;
  private static String writes;
  private static String escalation;
  private static String flood;
  private static String endlessFlood;
  private static String stderrFlood;
  private static String fillTmp;
  private static String memoryHog;
  private static String daemon;
  private static String cForkBomb;

  @BeforeAll
  static void startAndSubmitEveryAttack() {
    service = new ServiceFixture(Map.of("max_running", "2"));
    forkBomb =
        create(
            limited(
                submission(BASH, "(bomb() { bomb | bomb & }; bomb) & while :; do :; done\n"),
                1,
                3));
    threadBomb =
        create(
            submission(
                PYTHON,
                "import threading, time\nn = 0\ntry:\n    while True:\n"
                    + "        threading.Thread(target=time.sleep, args=(60,), daemon=True).start(); n += 1\n"
                    + "except RuntimeError as e:\n    print('stopped after', n, 'threads:', e)\n"));
    sleeper = create(limited(submission(BASH, "sleep infinity\n"), 1, 2));
    network =
        create(
            submission(
                PYTHON,
                "import socket\n"
                    + "for host, port in [('127.0.0.1', 4597), ('127.0.0.1', 2375), ('1.1.1.1', 53), ('10.0.0.1', 80)]:\n"
                    + "    s = socket.socket()\n    s.settimeout(1)\n"
                    + "    try:\n        s.connect((host, port)); print('CONNECTED', host, port)\n"
                    + "    except OSError as e:\n        print('refused', host, port, type(e).__name__)\n"
                    + "try:\n    socket.getaddrinfo('deb.debian.org', 80); print('RESOLVED')\n"
                    + "except OSError as e:\n    print('no dns')\n"
                    + "try:\n    socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); print('RAW')\n"
                    + "except OSError as e:\n    print('no raw socket')\n"
                    + "print(open('/proc/net/dev').read().count(':'), 'interfaces')\n"));
    writes =
        create(
            submission(
                BASH,
                "for f in /evil /etc/evil /usr/bin/evil /proc/sys/kernel/hostname /proc/sysrq-trigger; do"
                    + " (echo x > $f) 2>/dev/null && echo WROTE $f || echo refused $f; done\n"));
    escalation =
        create(
            submission(
                PYTHON,
                "import os\n"
                    + "for f in (lambda: os.setuid(0), lambda: os.setgid(0), lambda: os.chroot('/tmp'),"
                    + " lambda: os.mknod('dev', 0o20666, os.makedev(1, 3))):\n"
                    + "    try:\n        f(); print('ESCALATED')\n"
                    + "    except OSError as e:\n        print('denied', e.errno)\n"
                    + "print(open('/proc/self/status').read().split('NoNewPrivs:')[1].split()[0])\n"));
    Map<String, Object> f =
        submission(BASH, "head -c 20000000 /dev/zero | tr '\\0' x; echo done >&2\n");
    f.put("max_file_size", FLOOD_KB);
    flood = create(f);
    Map<String, Object> endless = limited(submission(BASH, "yes flood\n"), 1, 3);
    endless.put("max_file_size", FLOOD_KB);
    endlessFlood = create(endless);
    Map<String, Object> e =
        submission(BASH, "head -c 20000000 /dev/zero | tr '\\0' x >&2; echo done\n");
    e.put("max_file_size", FLOOD_KB);
    stderrFlood = create(e);
    fillTmp = create(submission(BASH, "head -c 512M /dev/zero > /tmp/big; echo status=$?\n"));
    Map<String, Object> hog =
        submission(PYTHON, "x = bytearray(200 * 1024 * 1024)\nprint(len(x))\n");
    hog.put("memory_limit", 65536);
    memoryHog = create(hog);
    daemon =
        create(
            submission(
                BASH,
                "(setsid sh -c 'while :; do date > /tmp/daemon; sleep 0.1; done' &) ; echo spawned\n"));
    cForkBomb =
        create(
            limited(
                submission(
                    C,
                    "#include <unistd.h>\nint main(void) {\n"
                        + "  if (fork() == 0) { for (;;) fork(); }\n  for (;;) {}\n}\n"),
                1,
                3));
  }

  @AfterAll
  static void noContainerIsLeft() {
    try {
      service.awaitOnlyWarmContainers(Duration.ofSeconds(30));
      assertThat(service.containers()).isEmpty();
    } finally {
      service.close();
    }
  }

  private static Map<String, Object> submission(int language, String source) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source_code", source);
    m.put("language_id", language);
    return m;
  }

  private static Map<String, Object> limited(Map<String, Object> m, int cpu, int wall) {
    m.put("cpu_time_limit", cpu);
    m.put("wall_time_limit", wall);
    return m;
  }

  private static String create(Map<String, Object> body) {
    ServiceFixture.Response r = service.post("/submissions", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("token").asText();
  }

  /** Polls the submission (bounded) until its status is final. */
  private static JsonNode awaitFinal(String token) {
    Instant until = Instant.now().plus(Duration.ofSeconds(120));
    while (true) {
      JsonNode s = service.get("/submissions/" + token + "?fields=*").json();
      int id = s.get("status").get("id").asInt();
      assertThat(id).isBetween(1, 14);
      if (id >= 3) {
        return s;
      }
      assertThat(Instant.now()).as("submission " + token + " still " + id).isBefore(until);
      service.pause(Duration.ofMillis(100));
    }
  }

  /** What a failed assertion shows of a submission: its outcome, its output cut short. */
  private static String brief(JsonNode s) {
    StringBuilder b = new StringBuilder();
    for (String f :
        new String[] {
          "status", "message", "exit_code", "exit_signal", "time", "wall_time", "memory"
        }) {
      b.append(f).append('=').append(s.get(f)).append(' ');
    }
    for (String f : new String[] {"stdout", "stderr"}) {
      String t = text(s, f);
      b.append(f)
          .append('=')
          .append(t.length() > 300 ? t.substring(0, 300) + "..." : t)
          .append(' ');
    }
    return b.toString();
  }

  private static int status(JsonNode s) {
    return s.get("status").get("id").asInt();
  }

  private static String text(JsonNode s, String field) {
    return s.get(field).isNull() ? "" : s.get(field).asText();
  }

  /** The run's wall time stayed within the submission's wall limit (plus the stop's slack). */
  private static void withinWallLimit(JsonNode s) {
    BigDecimal limit = new BigDecimal(s.get("wall_time_limit").asText());
    assertThat(new BigDecimal(s.get("wall_time").asText()))
        .as("wall time of %s", brief(s))
        .isLessThanOrEqualTo(limit.add(new BigDecimal("2")));
  }

  /** The service still answers and runs an ordinary submission. */
  private static void serviceStillWorks() {
    assertThat(service.get("/statuses").status()).isEqualTo(200);
    JsonNode next = awaitFinal(create(submission(BASH, "echo still fine\n")));
    assertThat(status(next)).as(brief(next)).isEqualTo(3);
    assertThat(text(next, "stdout")).isEqualTo("still fine\n");
  }

  @Test
  void aForkBombIsHeldByThePidsLimitAndEndsAtItsTimeLimit() {
    JsonNode s = awaitFinal(forkBomb);

    assertThat(status(s)).as(brief(s)).isEqualTo(5);
    assertThat(text(s, "message")).startsWith("Time limit exceeded");
    assertThat(text(s, "stderr")).as("forks refused").contains("Resource temporarily unavailable");
    withinWallLimit(s);
    serviceStillWorks();
  }

  @Test
  void aForkBombInCIsHeldByThePidsLimitAndEndsAtItsTimeLimit() {
    JsonNode s = awaitFinal(cForkBomb);

    assertThat(status(s)).as(brief(s)).isEqualTo(5);
    assertThat(text(s, "message")).startsWith("Time limit exceeded");
    withinWallLimit(s);
    serviceStillWorks();
  }

  @Test
  void aThreadBombIsStoppedByThePidsLimit() {
    JsonNode s = awaitFinal(threadBomb);

    assertThat(status(s)).as(brief(s)).isEqualTo(3);
    assertThat(text(s, "stdout")).startsWith("stopped after").contains("can't start new thread");
    // Held by runbox's pids limit for the image (128, the run's own processes included), which a
    // submission's max_processes_and_or_threads does not set.
    int threads = Integer.parseInt(text(s, "stdout").split(" ")[2]);
    assertThat(threads).as("threads started").isPositive().isLessThan(128);
  }

  @Test
  void sleepingForeverIsAWallClockTimeLimit() {
    JsonNode s = awaitFinal(sleeper);

    assertThat(status(s)).as(brief(s)).isEqualTo(5);
    assertThat(s.get("status").get("description").asText()).isEqualTo("Time Limit Exceeded");
    assertThat(text(s, "message")).isEqualTo("Time limit exceeded (wall clock)");
    withinWallLimit(s);
  }

  @Test
  void everyNetworkAttemptFailsAndTheProgramSaysSo() {
    JsonNode s = awaitFinal(network);

    assertThat(status(s)).as(brief(s)).isEqualTo(3);
    assertThat(text(s, "stdout"))
        .doesNotContain("CONNECTED", "RESOLVED", "RAW\n")
        .contains("refused 127.0.0.1 4597", "refused 1.1.1.1 53", "no dns", "no raw socket")
        .contains("1 interfaces");
  }

  @Test
  void writingToTheRootEtcOrProcSysFails() {
    JsonNode s = awaitFinal(writes);

    assertThat(status(s)).as(brief(s)).isEqualTo(3);
    assertThat(text(s, "stdout"))
        .doesNotContain("WROTE")
        .contains(
            "refused /evil",
            "refused /etc/evil",
            "refused /usr/bin/evil",
            "refused /proc/sys/kernel/hostname",
            "refused /proc/sysrq-trigger");
  }

  @Test
  void setuidAndCapabilityTricksFail() {
    JsonNode s = awaitFinal(escalation);

    assertThat(status(s)).as(brief(s)).isEqualTo(3);
    assertThat(text(s, "stdout")).doesNotContain("ESCALATED").endsWith("\n1\n");
    assertThat(text(s, "stdout").lines().filter(l -> l.startsWith("denied"))).hasSize(4);
  }

  @Test
  void anOutputFloodIsCutAtMaxFileSizeAndIsAnOutputLimit() {
    JsonNode s = awaitFinal(flood);

    assertThat(status(s)).as(brief(s)).isEqualTo(8);
    assertThat(s.get("status").get("description").asText()).isEqualTo("Runtime Error (SIGXFSZ)");
    assertThat(text(s, "message")).isEqualTo("Output limit exceeded");
    assertThat(s.get("exit_signal").asInt()).isEqualTo(25);
    assertThat(text(s, "stdout").getBytes(StandardCharsets.UTF_8).length)
        .isPositive()
        .isLessThanOrEqualTo(FLOOD_KB * 1024);
    assertThat(text(s, "stdout")).matches("x+");
  }

  @Test
  void anEndlessOutputFloodIsCutAtMaxFileSizeAndIsAnOutputLimit() {
    JsonNode s = awaitFinal(endlessFlood);

    assertThat(status(s)).as(brief(s)).isEqualTo(8);
    assertThat(text(s, "message")).isEqualTo("Output limit exceeded");
    assertThat(text(s, "stdout").getBytes(StandardCharsets.UTF_8).length)
        .isPositive()
        .isLessThanOrEqualTo(FLOOD_KB * 1024);
    withinWallLimit(s);
  }

  @Test
  void anErrorStreamFloodIsCutAtMaxFileSizeAndIsAnOutputLimit() {
    JsonNode s = awaitFinal(stderrFlood);

    assertThat(status(s)).as(brief(s)).isEqualTo(8);
    assertThat(text(s, "message")).isEqualTo("Output limit exceeded");
    assertThat(text(s, "stdout")).isEqualTo("done\n");
    assertThat(text(s, "stderr").getBytes(StandardCharsets.UTF_8).length)
        .isPositive()
        .isLessThanOrEqualTo(FLOOD_KB * 1024);
  }

  @Test
  void fillingTmpFailsWithNoSpaceLeft() {
    JsonNode s = awaitFinal(fillTmp);

    assertThat(status(s)).as(brief(s)).isEqualTo(3);
    assertThat(text(s, "stderr")).contains("No space left on device");
    assertThat(text(s, "stdout")).isEqualTo("status=1\n");
  }

  @Test
  void aMemoryHogIsAMemoryLimit() {
    JsonNode s = awaitFinal(memoryHog);

    assertThat(status(s)).as(brief(s)).isEqualTo(12);
    assertThat(s.get("status").get("description").asText()).isEqualTo("Runtime Error (Other)");
    assertThat(text(s, "message")).isEqualTo("Memory limit exceeded");
    assertThat(text(s, "stdout")).isEmpty();
  }

  @Test
  void aDoubleForkedDaemonDoesNotSurviveIntoTheNextSubmissionWhichSeesNoOtherProcess() {
    JsonNode first = awaitFinal(daemon);
    assertThat(status(first)).as(brief(first)).isEqualTo(3);
    assertThat(text(first, "stdout")).isEqualTo("spawned\n");
    withinWallLimit(first);

    JsonNode next =
        awaitFinal(
            create(
                submission(
                    BASH,
                    "ls /tmp;"
                        + " for d in /proc/[0-9]*; do echo \"$d $(tr '\\0' ' ' < $d/cmdline)\"; done;"
                        + " cat /proc/1/environ 2>&1 | head -c 100; echo;"
                        + " ls -l /var/run/docker.sock /run/docker.sock 2>&1;"
                        + " env | cut -d= -f1 | sort | tr '\\n' ' '\n")));

    assertThat(status(next)).as(brief(next)).isEqualTo(3);
    String out = text(next, "stdout");
    assertThat(out)
        .as("the next submission's files and processes")
        .doesNotContain("daemon", "sleep 0.1")
        .contains("Permission denied", "No such file or directory")
        .doesNotContainIgnoringCase("token")
        .doesNotContain("RUNBOX_", "JAVA_HOME", "DOCKER");
    assertThat(out.lines().filter(l -> l.startsWith("/proc/")).map(l -> l.split(" ", 2)[1]))
        .as("every process visible is the container's init, runbox's wrapper or this run's own")
        .isNotEmpty()
        .allMatch(
            cmd ->
                cmd.startsWith("/sbin/docker-init ")
                    || cmd.equals("sleep infinity ")
                    || cmd.startsWith("/usr/lib/runbox/sh -c ")
                    || cmd.startsWith("/usr/bin/time ")
                    || cmd.startsWith("timeout ")
                    || (cmd.startsWith("/bin/sh -c ") && cmd.contains("bash 'script.sh'"))
                    || cmd.equals("bash script.sh "))
        .anyMatch(cmd -> cmd.equals("bash script.sh "));
  }
}
