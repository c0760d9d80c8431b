package dev.runbox.hostile;

import static dev.runbox.hostile.Attack.limits;
import static dev.runbox.hostile.Attack.program;
import static dev.runbox.hostile.HostileService.assertEnding;
import static dev.runbox.hostile.HostileService.stdout;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.hostile.Attack.Ending;
import dev.runbox.sandbox.docker.ServiceFixture;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Attacks on resources and time (classes 1-6, 8-10 and 23 of shared/SECURITY.md), each its own
 * hostile program from {@code src/test/resources/hostile/programs/} in shell, Python or C, sent to
 * {@code POST /v1/runs} of the real service (see {@link HostileService}). Each test asserts the
 * run's exact ending; after each, a normal run must be answered and nothing of the instance left.
 */
class ResourceAttacksIT {
  private static final int CAP = 16 * 1024;
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

  // 1. fork and thread bombs

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bash   | fork-bomb.sh | bash fork-bomb.sh                                              | 3",
        "python | fork-bomb.py | python3 fork-bomb.py                                           | 3",
        "c      | fork-bomb.c  | gcc -o /tmp/fork-bomb fork-bomb.c && exec /tmp/fork-bomb       | 5"
      })
  void aForkBombIsHeldByThePidsLimitUntilTheTimer(
      String image, String file, String command, int seconds) {
    JsonNode r = send(program(image, file, command, limits("time_s", seconds, "pids", 64)));

    assertEnding(r, Ending.timedOut(124));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "python | thread-bomb.py | python3 thread-bomb.py                                                 | can't start new thread",
        "c      | thread-bomb.c  | gcc -pthread -o /tmp/thread-bomb thread-bomb.c && exec /tmp/thread-bomb | Resource temporarily unavailable"
      })
  void aThreadBombIsRefusedByThePidsLimit(String image, String file, String command, String why) {
    JsonNode r = send(program(image, file, command, limits("time_s", 10, "pids", 64)));

    assertEnding(r, Ending.exited(0, "faulty"));
    assertThat(stdout(r)).isEqualTo("thread bomb stopped: " + why + "\n");
  }

  // 2. memory bombs

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bash   | memory-bomb.sh | bash memory-bomb.sh",
        "python | memory-bomb.py | python3 memory-bomb.py",
        "c      | memory-bomb.c  | gcc -o /tmp/memory-bomb memory-bomb.c && exec /tmp/memory-bomb"
      })
  void aMemoryBombIsKilledByTheMemoryLimitAndReportedAsOom(
      String image, String file, String command) {
    JsonNode r = send(program(image, file, command, limits("time_s", 20, "memory_mib", 64)));

    assertEnding(r, Ending.oomKilled("faulty"));
  }

  // 3. busy loops

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bash | busy-loop.sh | bash busy-loop.sh",
        "c    | busy-loop.c  | gcc -pthread -o /tmp/busy-loop busy-loop.c && exec /tmp/busy-loop"
      })
  void aBusyLoopOnEveryCoreIsHeldToItsCpuQuotaAndStoppedByTheTimer(
      String image, String file, String command) {
    JsonNode r = send(program(image, file, command, limits("time_s", 3, "cpus", 0.5)));

    assertEnding(r, Ending.timedOut(124));
    long wall = r.at("/usage/wall_ms").asLong();
    assertThat(r.at("/usage/cpu_ms").asLong())
        .as("CPU ms of a 0.5 CPU quota in %d ms", wall)
        .isLessThan(wall * 3 / 4 + 500);
  }

  // 4. sleeping forever, blocked on stdin

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bash   | sleep-forever.sh | bash sleep-forever.sh",
        "python | sleep-forever.py | python3 sleep-forever.py"
      })
  void sleepingForeverIsStoppedByTheTimer(String image, String file, String command) {
    JsonNode r = send(program(image, file, command, limits("time_s", 2)));

    assertEnding(r, Ending.timedOut(124));
    assertThat(stdout(r)).isEqualTo("sleeping\n");
  }

  @Test
  void readingStdinWhenNoneWasSentSeesEndOfFileAtOnce() {
    JsonNode r =
        send(program("python", "read-stdin.py", "python3 read-stdin.py", limits("time_s", 10)));

    assertEnding(r, Ending.exited(0, "faulty"));
    assertThat(stdout(r)).isEqualTo("end of stdin after 0 bytes\n");
  }

  // 5. ignoring SIGTERM

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bash   | ignore-sigterm.sh | exec bash ignore-sigterm.sh",
        "python | ignore-sigterm.py | exec python3 ignore-sigterm.py",
        "c      | ignore-sigterm.c  | gcc -o /tmp/ignore-sigterm ignore-sigterm.c && exec /tmp/ignore-sigterm"
      })
  void aProgramIgnoringSigtermIsKilledAfterTheTimersTerm(
      String image, String file, String command) {
    // exec: the program itself is the timer's child and gets (and ignores) its TERM; without it,
    // /bin/sh
    // would die of the TERM (124) and the wrapper's kill -9 -1 would end the program.
    JsonNode r = send(program(image, file, command, limits("time_s", 3)));

    assertEnding(r, Ending.timedOut(137));
    assertThat(stdout(r)).isEqualTo("ignoring TERM\n");
  }

  // 6. daemons; 10. state kept between runs

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "tiny   | double-fork.sh | bash double-fork.sh                                                | completed",
        "python | double-fork.py | python3 double-fork.py                                             | faulty",
        "c      | double-fork.c  | gcc -o /tmp/double-fork double-fork.c && exec /tmp/double-fork       | faulty"
      })
  void aDoubleForkedDaemonEndsWithItsRunAndIsNeitherAliveInNorVisibleToTheNext(
      String image, String file, String command, String outcome) {
    // tiny with its default limits: both runs take warm containers
    Map<String, Object> limits = image.equals("tiny") ? Map.of() : limits("time_s", 10);
    JsonNode r = send(program(image, file, command, limits));
    JsonNode next = send(program(image, "next-run.sh", "sh next-run.sh", limits));

    assertEnding(r, Ending.exited(0, outcome));
    assertThat(stdout(r)).isEqualTo("daemon started\n");
    assertEnding(next, Ending.exited(0, outcome));
    assertThat(stdout(next))
        .as(next.toString())
        .isEqualTo("double-fork processes: none\nleft in /tmp and /dev/shm:0\n");
  }

  // 8. output floods; 23. stdin never read

  @Test
  void aFloodOfLinesIsCutAtTheCapWhileBothStreamsAreDrained() {
    JsonNode r =
        send(
            program(
                "bash",
                "flood-lines.sh",
                "bash flood-lines.sh",
                limits("time_s", 20, "output_kib", 16)));

    assertEnding(r, Ending.exited(0, "faulty").withStdoutTruncated());
    assertThat(stdout(r)).isEqualTo("flood with newlines\n".repeat(CAP / 20 + 1).substring(0, CAP));
    assertThat(r.at("/stderr/content").asText()).isEqualTo("flooded\n");
  }

  @Test
  void aFloodWithoutNewlinesIsCutAtTheCap() {
    JsonNode r =
        send(
            program(
                "python",
                "flood-no-newlines.py",
                "python3 flood-no-newlines.py",
                limits("time_s", 20, "output_kib", 16)));

    assertEnding(r, Ending.exited(0, "faulty").withStdoutTruncated());
    assertThat(stdout(r)).isEqualTo("x".repeat(CAP));
    assertThat(r.at("/stderr/content").asText()).isEqualTo("flooded\n");
  }

  @Test
  void aBinaryFloodIsCutAtTheCapAndComesBackExactlyAsBase64() {
    JsonNode r =
        send(
            program(
                "c",
                "flood-binary.c",
                "gcc -o /tmp/flood flood-binary.c && exec /tmp/flood",
                limits("time_s", 20, "output_kib", 16)));

    assertEnding(r, Ending.exited(0, "faulty").withStdoutTruncated());
    byte[] expected = new byte[CAP];
    for (int i = 0; i < CAP; i++) {
      expected[i] = (byte) i;
    }
    assertThat(r.at("/stdout/encoding").asText()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(r.at("/stdout/content_base64").asText()))
        .isEqualTo(expected);
    assertThat(r.at("/stderr/content").asText()).isEqualTo("flooded\n");
  }

  @Test
  void floodingBothStreamsAtOnceCutsEachAtTheCap() {
    JsonNode r =
        send(
            program(
                "bash",
                "flood-both-streams.sh",
                "bash flood-both-streams.sh",
                limits("time_s", 20, "output_kib", 16)));

    assertEnding(r, Ending.exited(0, "faulty").withStdoutTruncated().withStderrTruncated());
    assertThat(stdout(r)).isEqualTo("out\n".repeat(CAP / 4));
    assertThat(r.at("/stderr/content").asText()).isEqualTo("err\n".repeat(CAP / 4));
  }

  @Test
  void aProgramThatNeverReadsItsStdinWhileFloodingStdoutDoesNotDeadlock() {
    JsonNode r =
        send(
            program(
                    "python",
                    "flood-ignoring-stdin.py",
                    "python3 flood-ignoring-stdin.py",
                    limits("time_s", 20, "output_kib", 16))
                .withStdin("z".repeat(2_000_000)));

    assertEnding(r, Ending.exited(0, "faulty").withStdoutTruncated());
    assertThat(stdout(r)).isEqualTo("y".repeat(CAP));
  }

  // 9. disk filling and inode exhaustion

  @Test
  void fillingTmpAndTheSandboxStopsAtTheirSizeLimit() {
    JsonNode r =
        send(
            program(
                "bash", "fill-disk.sh", "bash fill-disk.sh", limits("time_s", 20, "disk_mib", 8)));

    assertThat(Ending.of(r)).as(r.toString()).isEqualTo(Ending.exited(0, "faulty"));
    assertThat(stdout(r)).isEqualTo("/tmp: status 1\n/sandbox: status 1\n");
    assertThat(r.at("/files/created/fill/truncated").asBoolean())
        .as(r.at("/files").toString())
        .isTrue();
  }

  @Test
  void aHugeNumberOfSmallFilesHitsTheInodeLimitAndTheFilesComingBackAreCapped() {
    JsonNode r =
        send(
            program(
                "python",
                "many-files.py",
                "python3 many-files.py",
                limits("time_s", 30, "disk_mib", 64)));

    assertThat(Ending.of(r)).as(r.toString()).isEqualTo(Ending.exited(0, "faulty"));
    assertThat(stdout(r)).isEqualTo("stopped: No space left on device\n");
    assertThat(r.at("/files/created").size()).isEqualTo(service.config.limits().maxFiles());
    assertThat(r.at("/files/complete").asBoolean()).isFalse();
    assertThat(r.at("/files/deleted").toString()).as("the program deleted nothing").isEqualTo("[]");
  }
}
