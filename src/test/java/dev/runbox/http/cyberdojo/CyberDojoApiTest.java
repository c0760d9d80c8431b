package dev.runbox.http.cyberdojo;

import static java.nio.charset.StandardCharsets.UTF_8;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class CyberDojoApiTest {
  private static final String CYBER_DOJO_SH = "bash ./cyber-dojo.sh";
  private static final String BATS = "ghcr.io/cyber-dojo-languages/bash_bats";

  private final FakeSandbox sandbox =
      new FakeSandbox().answer(FakeSandbox.result(0, "1..1\nok 1 answers 42\n", ""));
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
        Map.of("cyber-dojo.sh", "./test_hiker.sh\n", "hiker.sh", "answer() { echo 42; }\n"),
        "manifest",
        manifest);
  }

  @Test
  void runsCyberDojoShOnTheImageAliasedByATaggedNameWithCyberDojosEnvironment() {
    CompatServer.Response r =
        http.post("/run_cyber_dojo_sh", run(BATS + ":cc4f391", Map.of("max_seconds", 10)));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode out = r.json().get("run_cyber_dojo_sh");
    assertThat(out.at("/stdout/content").asText()).isEqualTo("1..1\nok 1 answers 42\n");
    assertThat(out.at("/stdout/truncated").asBoolean()).isFalse();
    assertThat(out.at("/stderr/content").asText()).isEmpty();
    assertThat(out.get("status").isTextual()).as("status is a string").isTrue();
    assertThat(out.get("status").asText()).isEqualTo("0");
    assertThat(out.get("outcome").asText()).isEqualTo("green");
    assertThat(out.at("/log/id").asText()).isEqualTo("34de2W");
    assertThat(out.at("/log/rule_set").asText())
        .as("the alias's own rules")
        .startsWith("bash/bash_bats@");
    assertThat(out.get("created").isObject()).isTrue();
    assertThat(out.get("changed").isObject()).isTrue();
    assertThat(out.get("deleted").isArray()).isTrue();
    SandboxJob job = sandbox.lastJob();
    assertThat(job.imageRef()).isEqualTo("runbox/bash:latest");
    assertThat(job.command()).as("cyber-dojo.sh, as cyber-dojo runs it").isEqualTo(CYBER_DOJO_SH);
    assertThat(job.files().files())
        .extracting(SandboxFile::path)
        .containsExactlyInAnyOrder("cyber-dojo.sh", "hiker.sh");
    assertThat(job.limits().timeSeconds()).isEqualTo(10);
    assertThat(job.environment().variables())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "CYBER_DOJO_SANDBOX", "/sandbox",
                "CYBER_DOJO_IMAGE_NAME", BATS + ":cc4f391",
                "CYBER_DOJO_ID", "34de2W"));
    assertThat(job.environment().homeFiles().files())
        .extracting(SandboxFile::path)
        .containsExactly("cyber_dojo_fs_cleaners.sh");
    assertThat(new String(job.environment().homeFiles().files().get(0).content(), UTF_8))
        .contains(
            "cyber_dojo_delete_dirs()", "cyber_dojo_delete_files()", "cyber_dojo_reset_dirs()");
  }

  @Test
  void mapsBothPrefixesWithAnyTagOrDigestToTheSameImageAndRules() {
    for (String name :
        List.of(
            BATS,
            BATS + ":cc4f391",
            BATS + "@sha256:" + "a".repeat(64),
            BATS + ":cc4f391@sha256:" + "b".repeat(64),
            "cyberdojofoundation/bash_bats",
            "cyberdojofoundation/bash_bats:latest")) {
      JsonNode out = http.post("/run_cyber_dojo_sh", run(name, Map.of())).json();

      assertThat(out.at("/run_cyber_dojo_sh/log/rule_set").asText())
          .as(name + ": " + out)
          .startsWith("bash/bash_bats@");
      assertThat(sandbox.lastJob().environment().variables())
          .as("the name exactly as sent")
          .containsEntry("CYBER_DOJO_IMAGE_NAME", name);
    }
  }

  @Test
  void runsARequestWithoutCyberDojoShAsBashWould() {
    http.post(
        "/run_cyber_dojo_sh",
        Map.of(
            "id", "x", "files", Map.of("hiker.sh", "x"), "manifest", Map.of("image_name", BATS)));

    assertThat(sandbox.lastJob().command()).isEqualTo(CYBER_DOJO_SH);
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
            Map.of("image_name", "cyberdojofoundation/bash_bats"));

    CompatServer.Response r = http.send("GET", "/run_cyber_dojo_sh", body);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(new String(sandbox.lastJob().files().files().get(0).content(), UTF_8))
        .isEqualTo("print(1)\n");
    assertThat(sandbox.lastJob().limits().timeSeconds())
        .as("the image's default time")
        .isEqualTo(10);
  }

  @Test
  void neverEvaluatesARagLambdaSentInTheManifest() {
    sandbox.answer(FakeSandbox.result(1, "1..1\nnot ok 1 answers 42\n", ""));
    String lambda = "lambda { |stdout, stderr, status| File.write('/tmp/pwned', 'x'); :green }";

    JsonNode out =
        http.post(
                "/run_cyber_dojo_sh",
                run(
                    BATS,
                    Map.of(
                        "rag_lambda",
                        lambda,
                        "display_name",
                        "Bash, bats",
                        "filename_extension",
                        List.of(".sh"))))
            .json()
            .get("run_cyber_dojo_sh");

    assertThat(out.get("outcome").asText())
        .as("the server's rules, not the lambda")
        .isEqualTo("red");
    assertThat(sandbox.lastJob().command()).isEqualTo(CYBER_DOJO_SH);
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
        .contains("bash_bats", "python_pytest")
        .contains("ghcr.io/cyber-dojo-languages/<name> or cyberdojofoundation/<name>");
    assertThat(e.get("path").asText()).isEqualTo("/run_cyber_dojo_sh");
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void refusesAKnownNameUnderAnotherRegistryOrWithoutAPrefix() {
    for (String name :
        List.of("bash_bats", "docker.io/library/bash_bats:1", "ghcr.io/someone/bash_bats:1")) {
      CompatServer.Response r = http.post("/run_cyber_dojo_sh", run(name, Map.of()));

      assertThat(r.status()).as(name).isEqualTo(400);
      assertThat(r.json().at("/exception/message").asText())
          .startsWith("unknown image_name '" + name + "'");
    }
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void refusesAnIdThatCannotBeAnEnvironmentValue() {
    Map<String, Object> body = new java.util.HashMap<>(run(BATS, Map.of()));
    body.put("id", "x\u0000y");

    CompatServer.Response r = http.post("/run_cyber_dojo_sh", body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/exception/message").asText()).contains("NUL");
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void refusesMaxSecondsAboveTheMaximumInsteadOfClampingIt() {
    CompatServer.Response r =
        http.post("/run_cyber_dojo_sh", run(BATS, Map.of("max_seconds", 121)));

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
            Map.of("files", Map.of("a.py", 1), "manifest", Map.of("image_name", BATS)));
    CompatServer.Response escape =
        http.post(
            "/run_cyber_dojo_sh",
            Map.of("files", Map.of("../a.py", "x"), "manifest", Map.of("image_name", BATS)));
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
    byte[] report = "coverage 100%".getBytes(UTF_8);
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
                    "hiker.sh",
                    1,
                    Digests.sha256(new byte[] {'y'}),
                    FakeSandbox.captured("y"),
                    false)),
            true,
            new Usage(10_000, 9_000, Usage.UNKNOWN)));

    JsonNode out =
        http.post("/run_cyber_dojo_sh", run(BATS, Map.of())).json().get("run_cyber_dojo_sh");

    assertThat(out.get("outcome").asText()).isEqualTo("timed_out");
    assertThat(out.get("status").asText()).isEqualTo("124");
    assertThat(out.at("/created/report.txt/content").asText()).isEqualTo("coverage 100%");
    assertThat(out.at("/changed/hiker.sh/content").asText()).isEqualTo("y");
    assertThat(out.get("deleted")).extracting(JsonNode::asText).containsExactly("cyber-dojo.sh");
    assertThat(out.at("/log/timeout").asText()).isEqualTo("inner");
    assertThat(out.at("/log/memory_peak_bytes").isMissingNode()).isTrue();
  }

  @Test
  void leavesBinaryFilesOutOfCreatedAndChanged() {
    sandbox.answer(
        answerWithFiles(
            harvested("report/coverage.txt", "covered: 100%\n".getBytes(UTF_8)),
            harvested("test", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}),
            harvested("latin1.txt", new byte[] {'c', 'a', 'f', (byte) 0xe9}),
            harvested("hiker.sh", new byte[] {'a', 0, 'b'}),
            harvested("empty.txt", new byte[0]),
            harvested("utf8.txt", "café ☕\n".getBytes(UTF_8))));

    JsonNode out =
        http.post("/run_cyber_dojo_sh", run(BATS, Map.of())).json().get("run_cyber_dojo_sh");

    assertThat(names(out.get("created")))
        .containsExactly("empty.txt", "report/coverage.txt", "utf8.txt");
    assertThat(out.at("/created/utf8.txt/content").asText()).isEqualTo("café ☕\n");
    assertThat(names(out.get("changed"))).as("hiker.sh became binary").isEmpty();
  }

  @Test
  void reportsTheFirstSixteenCreatedTextFilesInSortedOrderAndEveryChangedOne() {
    List<HarvestedFile> files = new java.util.ArrayList<>();
    files.add(harvested("a.bin", new byte[] {0}));
    for (int i = 20; i >= 1; i--) {
      files.add(harvested(String.format("out/%02d.txt", i), ("file " + i).getBytes(UTF_8)));
    }
    files.add(harvested("cyber-dojo.sh", "changed\n".getBytes(UTF_8)));
    sandbox.answer(answerWithFiles(files.toArray(HarvestedFile[]::new)));

    JsonNode out =
        http.post("/run_cyber_dojo_sh", run(BATS, Map.of())).json().get("run_cyber_dojo_sh");

    assertThat(names(out.get("created")))
        .as("binaries do not take a place")
        .hasSize(16)
        .first()
        .isEqualTo("out/01.txt");
    assertThat(names(out.get("created"))).last().isEqualTo("out/16.txt");
    assertThat(names(out.get("changed"))).containsExactly("cyber-dojo.sh");
  }

  @Test
  void cutsEachFileAtFiftyKibOnACharactersBoundaryAndSaysSo() {
    String big = "x" + "é".repeat(30 * 1024);
    sandbox.answer(
        answerWithFiles(
            harvested("big.txt", big.getBytes(UTF_8)),
            harvested("small.txt", "x".getBytes(UTF_8))));

    JsonNode out =
        http.post("/run_cyber_dojo_sh", run(BATS, Map.of())).json().get("run_cyber_dojo_sh");

    assertThat(out.at("/created/big.txt/truncated").asBoolean()).isTrue();
    assertThat(out.at("/created/big.txt/content").asText())
        .as("50 KiB less the half of a character")
        .isEqualTo("x" + "é".repeat(25 * 1024 - 1));
    assertThat(out.at("/created/small.txt/truncated").asBoolean()).isFalse();
  }

  private static HarvestedFile harvested(String path, byte[] content) {
    return new HarvestedFile(
        path, content.length, Digests.sha256(content), new CapturedBytes(content, false), false);
  }

  private static SandboxResult answerWithFiles(HarvestedFile... files) {
    return new SandboxResult(
        FakeSandbox.captured("1..1\nok 1\n"),
        CapturedBytes.empty(),
        0,
        Timeout.NONE,
        false,
        List.of(files),
        true,
        new Usage(10, 9, Usage.UNKNOWN));
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
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
  void answersAnEngineFailureWith503InCyberDojosShape() {
    sandbox.failWith(new SandboxUnavailableException("run-1", "", "engine gone", null));

    CompatServer.Response r = http.post("/run_cyber_dojo_sh", run(BATS, Map.of()));

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
      assertThat(guarded.post("/run_cyber_dojo_sh", run(BATS, Map.of())).status()).isEqualTo(401);
      assertThat(
              guarded
                  .post("/run_cyber_dojo_sh", run(BATS, Map.of()), "Authorization", "Bearer s3cret")
                  .status())
          .isEqualTo(200);
      assertThat(guarded.get("/alive").status()).isEqualTo(200);
    }
  }

  @Test
  void runsWithTheTimeLimitItWasGiven() {
    http.post("/run_cyber_dojo_sh", run(BATS, Map.of("max_seconds", 3)));

    assertThat(sandbox.lastJob().limits().timeSeconds()).isEqualTo(3);
  }
}
