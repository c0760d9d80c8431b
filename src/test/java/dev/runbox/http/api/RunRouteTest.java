package dev.runbox.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.CapturedBytes;
import dev.runbox.core.FakeSandbox;
import dev.runbox.core.HarvestedFile;
import dev.runbox.core.SandboxFile;
import dev.runbox.core.SandboxJob;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import dev.runbox.http.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class RunRouteTest {
  private final FakeSandbox sandbox = new FakeSandbox();
  private final TestServer http = new TestServer(sandbox);

  @AfterEach
  void stop() {
    http.close();
  }

  @Test
  void refusesFilesLargerThanTheSandboxDiskBeforeAnythingRuns() {
    FakeSandbox unused = new FakeSandbox();
    try (TestServer roomy = new TestServer(unused, Map.of("max_body_kib", "4096"))) {
      TestServer.Response r =
          roomy.run(
              Map.of(
                  "image",
                  "tiny",
                  "files",
                  Map.of("big.txt", "x".repeat(1_500_000)),
                  "limits",
                  Map.of("disk_mib", 1)));

      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.json().get("field").asText()).isEqualTo("files");
      assertThat(r.json().get("detail").asText())
          .isEqualTo("1500000 bytes of files sent; the sandbox holds at most 1048576 (disk_mib 1)");
      assertThat(unused.jobs()).isEmpty();
    }
  }

  @Test
  void answersARunWithEveryFieldOfTheResult() {
    sandbox.answer(FakeSandbox.result(0, "1 passed in 0.01s\n", ""));

    TestServer.Response r =
        http.run(
            """
        {"image": "python", "files": {"hiker.py": "x = 1\\n", "test_hiker.py": "def test(): pass\\n"}}""");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    JsonNode j = r.json();
    assertThat(j.get("id").asText()).isEqualTo("run-1");
    assertThat(j.get("image").asText()).isEqualTo("python");
    assertThat(j.at("/stdout/content").asText()).isEqualTo("1 passed in 0.01s\n");
    assertThat(j.at("/stdout/truncated").asBoolean()).isFalse();
    assertThat(j.at("/stdout/encoding").isMissingNode()).isTrue();
    assertThat(j.at("/stderr/content").asText()).isEmpty();
    assertThat(j.get("exit_status").asInt()).isZero();
    assertThat(j.get("timed_out").asBoolean()).isFalse();
    assertThat(j.get("oom_killed").asBoolean()).isFalse();
    assertThat(j.get("timeout").asText()).isEqualTo("none");
    assertThat(j.get("outcome").asText()).isEqualTo("green");
    assertThat(j.get("rule_set").asText()).startsWith("python@");
    assertThat(j.at("/files/complete").asBoolean()).isTrue();
    assertThat(j.at("/usage/wall_ms").asLong()).isEqualTo(12);
    assertThat(j.at("/usage/cpu_ms").asLong()).isEqualTo(8);
    assertThat(j.at("/usage/memory_peak_bytes").asLong()).isEqualTo(1_048_576);
  }

  @Test
  void sendsTheFilesCommandStdinAndLimitsToTheSandbox() {
    String binary = Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 0xff});

    TestServer.Response r =
        http.run(
            Map.of(
                "image",
                "python",
                "files",
                Map.of("run.sh", "echo hi\n", "src/a.py", "a = 1\n"),
                "files_base64",
                Map.of("data.bin", binary),
                "executable",
                List.of("run.sh"),
                "command",
                "sh run.sh",
                "stdin",
                "input\n",
                "limits",
                Map.of("time_s", 20, "memory_mib", 512, "cpus", 1.5)));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    SandboxJob job = sandbox.lastJob();
    assertThat(job.imageRef()).isEqualTo("runbox/python:latest");
    assertThat(job.command()).isEqualTo("sh run.sh");
    assertThat(new String(job.stdin(), StandardCharsets.UTF_8)).isEqualTo("input\n");
    assertThat(job.limits().timeSeconds()).isEqualTo(20);
    assertThat(job.limits().memoryMib()).isEqualTo(512);
    assertThat(job.limits().cpus()).isEqualTo(1.5);
    assertThat(job.limits().pids()).as("left out, so the image's default").isEqualTo(128);
    assertThat(job.files().files())
        .containsExactlyInAnyOrder(
            new SandboxFile("run.sh", "echo hi\n".getBytes(StandardCharsets.UTF_8), true),
            new SandboxFile("src/a.py", "a = 1\n".getBytes(StandardCharsets.UTF_8), false),
            new SandboxFile("data.bin", new byte[] {0, 1, 2, (byte) 0xff}, false));
  }

  @Test
  void runsTheImagesDefaultCommandWhenNoneIsGiven() {
    http.run(
        """
        {"image": "python", "files": {}}""");

    assertThat(sandbox.lastJob().command()).isEqualTo("python3 -m pytest -q -p no:cacheprovider");
    assertThat(sandbox.lastJob().stdin()).isEmpty();
  }

  @Test
  void answers200ForAProgramThatFails() {
    sandbox.answer(FakeSandbox.result(1, "F\n1 failed in 0.02s\n", ""));

    TestServer.Response r =
        http.run(
            """
        {"image": "python"}""");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("exit_status").asInt()).isEqualTo(1);
    assertThat(r.json().get("outcome").asText()).isEqualTo("red");
  }

  @Test
  void answers200ForAProgramStoppedByTheOuterTimerAndOomKiller() {
    sandbox.answer(
        new SandboxResult(
            FakeSandbox.captured("partial"),
            CapturedBytes.empty(),
            137,
            Timeout.OUTER,
            true,
            List.of(),
            false,
            new Usage(10_500, Usage.UNKNOWN, Usage.UNKNOWN)));

    JsonNode j =
        http.run(
                """
        {"image": "python"}""")
            .json();

    assertThat(j.get("timed_out").asBoolean()).isTrue();
    assertThat(j.get("timeout").asText()).isEqualTo("outer");
    assertThat(j.get("oom_killed").asBoolean()).isTrue();
    assertThat(j.get("outcome").asText()).isEqualTo("timed_out");
    assertThat(j.at("/files/complete").asBoolean()).isFalse();
    assertThat(j.at("/usage/wall_ms").asLong()).isEqualTo(10_500);
    assertThat(j.at("/usage/cpu_ms").isNull()).as("unknown usage is null").isTrue();
    assertThat(j.at("/usage/memory_peak_bytes").isNull()).isTrue();
  }

  @Test
  void flagsOutputThatIsNotUtf8AndGivesItsExactBytesInBase64() {
    byte[] bad = {'o', 'k', (byte) 0xff, (byte) 0xfe, '\n'};
    sandbox.answer(
        new SandboxResult(
            new CapturedBytes(bad, true),
            FakeSandbox.captured("fine"),
            0,
            Timeout.NONE,
            false,
            List.of(),
            true,
            new Usage(1, 1, 1)));

    JsonNode j =
        http.run(
                """
        {"image": "tiny"}""")
            .json();

    assertThat(j.at("/stdout/content").asText()).isEqualTo("ok\uFFFD\uFFFD\n");
    assertThat(j.at("/stdout/truncated").asBoolean()).isTrue();
    assertThat(j.at("/stdout/encoding").asText()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(j.at("/stdout/content_base64").asText())).isEqualTo(bad);
    assertThat(j.at("/stderr/encoding").isMissingNode()).isTrue();
    assertThat(j.get("outcome").asText()).isEqualTo("completed");
  }

  @Test
  void reportsCreatedChangedAndDeletedFiles() {
    byte[] out = "result\n".getBytes(StandardCharsets.UTF_8);
    byte[] binary = {(byte) 0xc3, (byte) 0x28};
    sandbox.answer(
        new SandboxResult(
            CapturedBytes.empty(),
            CapturedBytes.empty(),
            0,
            Timeout.NONE,
            false,
            List.of(
                harvested("out.txt", out),
                harvested("keep.txt", "new\n".getBytes(StandardCharsets.UTF_8)),
                harvested("blob", binary)),
            true,
            new Usage(1, 1, 1)));

    JsonNode files =
        http.run(Map.of("image", "tiny", "files", Map.of("keep.txt", "old\n", "gone.txt", "bye\n")))
            .json()
            .get("files");

    assertThat(files.at("/created/out.txt/content").asText()).isEqualTo("result\n");
    assertThat(files.at("/created/blob/encoding").asText()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(files.at("/created/blob/content_base64").asText()))
        .isEqualTo(binary);
    assertThat(files.at("/changed/keep.txt/content").asText()).isEqualTo("new\n");
    assertThat(files.get("deleted")).extracting(JsonNode::asText).containsExactly("gone.txt");
  }

  private static HarvestedFile harvested(String path, byte[] content) {
    return new HarvestedFile(
        path,
        content.length,
        dev.runbox.core.Digests.sha256(content),
        new CapturedBytes(content, false),
        false);
  }
}
