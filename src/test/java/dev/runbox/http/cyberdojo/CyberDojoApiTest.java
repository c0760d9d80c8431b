package dev.runbox.http.cyberdojo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Digests;
import dev.runbox.core.FakeSandbox;
import dev.runbox.core.HarvestedFile;
import dev.runbox.core.Outcome;
import dev.runbox.core.SandboxFile;
import dev.runbox.core.SandboxJob;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.SandboxUnavailableException;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import dev.runbox.http.CompatServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class CyberDojoApiTest {
  private static final String PYTHON_DEFAULT = "python3 -m pytest -q -p no:cacheprovider";

  private final FakeSandbox sandbox =
      new FakeSandbox().answer(FakeSandbox.result(0, "1 passed in 0.01s\n", ""));
  private final CompatServer http = new CompatServer(sandbox);

  @AfterEach
  void stop() {
    http.close();
  }

  private static Map<String, Object> run(String imageName, Map<String, ?> manifestExtras) {
    Map<String, Object> manifest = new java.util.LinkedHashMap<>(Map.of("image_name", imageName));
    manifest.putAll(manifestExtras);
    return Map.of(
        "id",
        "34de2W",
        "files",
        Map.of("cyber-dojo.sh", "pytest *test*.py", "hiker.py", "def answer(): return 42\n"),
        "manifest",
        manifest);
  }

  @Test
  void runsTheFilesOnTheImageAliasedByATaggedCyberDojoName() {
    CompatServer.Response r =
        http.post(
            "/run_cyber_dojo_sh",
            run("cyberdojofoundation/python_pytest:b8333d3", Map.of("max_seconds", 10)));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode out = r.json().get("run_cyber_dojo_sh");
    assertThat(out.at("/stdout/content").asText()).isEqualTo("1 passed in 0.01s\n");
    assertThat(out.at("/stdout/truncated").asBoolean()).isFalse();
    assertThat(out.at("/stderr/content").asText()).isEmpty();
    assertThat(out.get("status").asText()).isEqualTo("0");
    assertThat(out.get("outcome").asText()).isEqualTo("green");
    assertThat(out.at("/log/id").asText()).isEqualTo("34de2W");
    assertThat(out.at("/log/rule_set").asText()).startsWith("python@");
    assertThat(out.get("created").isObject()).isTrue();
    assertThat(out.get("changed").isObject()).isTrue();
    assertThat(out.get("deleted").isArray()).isTrue();
    SandboxJob job = sandbox.lastJob();
    assertThat(job.imageRef()).isEqualTo("runbox/python:latest");
    assertThat(job.command())
        .as("the image's own command, not cyber-dojo.sh")
        .isEqualTo(PYTHON_DEFAULT);
    assertThat(job.files().files())
        .extracting(SandboxFile::path)
        .containsExactlyInAnyOrder("cyber-dojo.sh", "hiker.py");
    assertThat(job.limits().timeSeconds()).isEqualTo(10);
  }

  @Test
  void acceptsTheNameWithoutATagOnGetWithABodyAndFilesAsContentObjects() {
    Map<String, Object> body =
        Map.of(
            "id",
            "x",
            "files",
            Map.of("hiker.py", Map.of("content", "print(1)\n", "truncated", false)),
            "manifest",
            Map.of("image_name", "cyberdojofoundation/python_pytest"));

    CompatServer.Response r = http.send("GET", "/run_cyber_dojo_sh", body);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(
            new String(sandbox.lastJob().files().files().get(0).content(), StandardCharsets.UTF_8))
        .isEqualTo("print(1)\n");
    assertThat(sandbox.lastJob().limits().timeSeconds())
        .as("the image's default time")
        .isEqualTo(10);
  }

  @Test
  void neverEvaluatesARagLambdaSentInTheManifest() {
    sandbox.answer(FakeSandbox.result(1, "1 failed in 0.02s\n", ""));
    String lambda = "lambda { |stdout, stderr, status| File.write('/tmp/pwned', 'x'); :green }";

    JsonNode out =
        http.post(
                "/run_cyber_dojo_sh",
                run(
                    "cyberdojofoundation/python_pytest",
                    Map.of(
                        "rag_lambda",
                        lambda,
                        "display_name",
                        "Python, pytest",
                        "filename_extension",
                        List.of(".py"))))
            .json()
            .get("run_cyber_dojo_sh");

    assertThat(out.get("outcome").asText())
        .as("the server's rules, not the lambda")
        .isEqualTo("red");
    assertThat(sandbox.lastJob().command()).isEqualTo(PYTHON_DEFAULT);
    assertThat(sandbox.lastJob().files().files())
        .extracting(SandboxFile::path)
        .doesNotContain("red_amber_green.rb");
  }

  @Test
  void refusesAnUnknownImageInCyberDojosExceptionShape() {
    CompatServer.Response r =
        http.post(
            "/run_cyber_dojo_sh", run("cyberdojofoundation/cobol_cobolunit:1a2b3c4", Map.of()));

    assertThat(r.status()).isEqualTo(400);
    JsonNode e = r.json().get("exception");
    assertThat(e.get("message").asText())
        .contains("unknown image_name 'cyberdojofoundation/cobol_cobolunit:1a2b3c4'")
        .contains("cyberdojofoundation/python_pytest");
    assertThat(e.get("path").asText()).isEqualTo("/run_cyber_dojo_sh");
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void refusesMaxSecondsAboveTheMaximumInsteadOfClampingIt() {
    CompatServer.Response r =
        http.post(
            "/run_cyber_dojo_sh",
            run("cyberdojofoundation/python_pytest", Map.of("max_seconds", 121)));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/exception/message").asText())
        .isEqualTo("max_seconds 121 is above the maximum 120 of this runbox");
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void refusesMissingArgumentsBadFilesAndMalformedJson() {
    CompatServer.Response empty = http.send("POST", "/run_cyber_dojo_sh", "");
    CompatServer.Response badFile =
        http.post(
            "/run_cyber_dojo_sh",
            Map.of(
                "files",
                Map.of("a.py", 1),
                "manifest",
                Map.of("image_name", "cyberdojofoundation/python_pytest")));
    CompatServer.Response escape =
        http.post(
            "/run_cyber_dojo_sh",
            Map.of(
                "files",
                Map.of("../a.py", "x"),
                "manifest",
                Map.of("image_name", "cyberdojofoundation/python_pytest")));
    CompatServer.Response malformed = http.send("POST", "/run_cyber_dojo_sh", "{\"files\": ");

    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.json().at("/exception/message").asText())
        .isEqualTo("missing arguments: files, manifest");
    assertThat(badFile.json().at("/exception/message").asText())
        .contains("the content of 'a.py' must be a string");
    assertThat(escape.json().at("/exception/message").asText()).contains("'..'");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().at("/exception/message").asText()).startsWith("malformed JSON");
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void reportsCreatedChangedAndDeletedFilesAndATimeout() {
    byte[] report = "coverage 100%".getBytes(StandardCharsets.UTF_8);
    sandbox.answer(
        new SandboxResult(
            FakeSandbox.captured("partial"),
            CapturedBytes.empty(),
            124,
            Timeout.INNER,
            false,
            List.of(
                new HarvestedFile(
                    "report.txt",
                    report.length,
                    Digests.sha256(report),
                    new CapturedBytes(report, false),
                    false),
                new HarvestedFile(
                    "hiker.py",
                    1,
                    Digests.sha256(new byte[] {'y'}),
                    FakeSandbox.captured("y"),
                    false)),
            true,
            new Usage(10_000, 9_000, Usage.UNKNOWN)));

    JsonNode out =
        http.post("/run_cyber_dojo_sh", run("cyberdojofoundation/python_pytest", Map.of()))
            .json()
            .get("run_cyber_dojo_sh");

    assertThat(out.get("outcome").asText()).isEqualTo("timed_out");
    assertThat(out.get("status").asText()).isEqualTo("124");
    assertThat(out.at("/created/report.txt/content").asText()).isEqualTo("coverage 100%");
    assertThat(out.at("/changed/hiker.py/content").asText()).isEqualTo("y");
    assertThat(out.get("deleted")).extracting(JsonNode::asText).containsExactly("cyber-dojo.sh");
    assertThat(out.at("/log/timeout").asText()).isEqualTo("inner");
    assertThat(out.at("/log/memory_peak_bytes").isMissingNode()).isTrue();
  }

  @Test
  void mapsEveryRunboxOutcomeAndCallsARuleLessImageFaulty() {
    assertThat(CyberDojoResult.outcome(Outcome.RED)).isEqualTo("red");
    assertThat(CyberDojoResult.outcome(Outcome.AMBER)).isEqualTo("amber");
    assertThat(CyberDojoResult.outcome(Outcome.GREEN)).isEqualTo("green");
    assertThat(CyberDojoResult.outcome(Outcome.TIMED_OUT)).isEqualTo("timed_out");
    assertThat(CyberDojoResult.outcome(Outcome.FAULTY)).isEqualTo("faulty");
    assertThat(CyberDojoResult.outcome(Outcome.COMPLETED)).isEqualTo("faulty");
  }

  @Test
  void untagsImageNamesButKeepsARegistryPort() {
    assertThat(CyberDojoImages.untagged("cyberdojofoundation/python_pytest:b8333d3"))
        .isEqualTo("cyberdojofoundation/python_pytest");
    assertThat(CyberDojoImages.untagged("cyberdojofoundation/python_pytest@sha256:abc"))
        .isEqualTo("cyberdojofoundation/python_pytest");
    assertThat(CyberDojoImages.untagged("localhost:5000/python_pytest"))
        .isEqualTo("localhost:5000/python_pytest");
  }

  @Test
  void answersAnEngineFailureWith503InCyberDojosShape() {
    sandbox.failWith(new SandboxUnavailableException("run-1", "", "engine gone", null));

    CompatServer.Response r =
        http.post("/run_cyber_dojo_sh", run("cyberdojofoundation/python_pytest", Map.of()));

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.json().at("/exception/message").asText()).contains("retry later");
  }

  @Test
  void answersAliveReadyAndShaOnGetAndPost() {
    for (String method : List.of("GET", "POST")) {
      assertThat(http.send(method, "/alive", null).json().get("alive?").asBoolean()).isTrue();
      assertThat(http.send(method, "/ready", null).json().get("ready?").asBoolean()).isTrue();
      assertThat(http.send(method, "/sha", null).json().get("sha").asText()).isNotBlank();
    }
    http.readinessProblems.set(List.of("no engine"));
    assertThat(http.get("/ready").json().get("ready?").asBoolean()).isFalse();
  }

  @Test
  void needsTheBearerTokenToRunWhenTokensAreConfiguredButNotForProbes() {
    try (CompatServer guarded = new CompatServer(new FakeSandbox(), Map.of("tokens", "s3cret"))) {
      assertThat(
              guarded
                  .post("/run_cyber_dojo_sh", run("cyberdojofoundation/python_pytest", Map.of()))
                  .status())
          .isEqualTo(401);
      assertThat(
              guarded
                  .post(
                      "/run_cyber_dojo_sh",
                      run("cyberdojofoundation/python_pytest", Map.of()),
                      "Authorization",
                      "Bearer s3cret")
                  .status())
          .isEqualTo(200);
      assertThat(guarded.get("/alive").status()).isEqualTo(200);
    }
  }

  @Test
  void runsWithTheTimeLimitItWasGiven() {
    http.post(
        "/run_cyber_dojo_sh", run("cyberdojofoundation/python_pytest", Map.of("max_seconds", 3)));

    assertThat(sandbox.lastJob().limits().timeSeconds()).isEqualTo(3);
  }
}
