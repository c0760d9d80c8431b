package dev.runbox.http.piston;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Digests;
import dev.runbox.core.FakeSandbox;
import dev.runbox.core.HarvestedFile;
import dev.runbox.core.SandboxFile;
import dev.runbox.core.SandboxJob;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import dev.runbox.http.CompatServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class PistonApiTest {
  private final FakeSandbox sandbox = new FakeSandbox();
  private final CompatServer http = new CompatServer(sandbox);

  @AfterEach
  void stop() {
    http.close();
  }

  private static Map<String, Object> execute(
      String language, String version, Map<String, ?> extras, Map<?, ?>... files) {
    Map<String, Object> body =
        new LinkedHashMap<>(
            Map.of("language", language, "version", version, "files", List.of(files)));
    body.putAll(extras);
    return body;
  }

  private CompatServer.Response post(Map<String, Object> body) {
    return http.post("/api/v2/execute", body);
  }

  @Test
  void listsTheRuntimesByPistonsNamesWithTheirAliases() {
    JsonNode list = http.get("/api/v2/runtimes").json();
    Map<String, JsonNode> byLanguage = new LinkedHashMap<>();
    list.forEach(r -> byLanguage.put(r.get("language").asText(), r));

    assertThat(byLanguage)
        .containsKeys(
            "bash", "c", "c++", "go", "java", "javascript", "php", "python", "ruby", "rust")
        .doesNotContainKey("Bash");
    assertThat(byLanguage.get("c++").get("aliases")).extracting(JsonNode::asText).contains("cpp");
    assertThat(byLanguage.get("javascript").get("aliases"))
        .extracting(JsonNode::asText)
        .contains("node", "js");
    assertThat(byLanguage.get("python").get("aliases"))
        .extracting(JsonNode::asText)
        .contains("py", "python3");
    assertThat(byLanguage.get("python").get("version").asText()).isEqualTo("3.13");
    assertThat(byLanguage.get("c").get("version").asText())
        .as("Piston's dotted form of 'gcc 14'")
        .isEqualTo("14");
  }

  @Test
  void runsTheFirstFileByAliasWithStdinAndEachArgumentSingleQuoted() {
    sandbox.answer(FakeSandbox.result(0, "hello\n", "warn\n"));
    CompatServer.Response r =
        post(
            execute(
                "py",
                "*",
                Map.of("stdin", "Ada\n", "args", List.of("a b", "'; rm -rf /", "$HOME")),
                Map.of("content", "print(input())"),
                Map.of("name", "lib.py", "content", "x = 1")));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode out = r.json();
    assertThat(out.get("language").asText()).isEqualTo("python");
    assertThat(out.get("version").asText()).isEqualTo("3.13");
    assertThat(out.has("compile")).isFalse();
    assertThat(out.at("/run/stdout").asText()).isEqualTo("hello\n");
    assertThat(out.at("/run/output").asText()).isEqualTo("hello\nwarn\n");
    assertThat(out.at("/run/code").asInt()).isZero();
    assertThat(out.at("/run/signal").isNull()).isTrue();
    assertThat(out.at("/run/status").isNull()).isTrue();
    assertThat(out.at("/run/wall_time").asLong()).isEqualTo(12);
    SandboxJob job = sandbox.lastJob();
    assertThat(job.command()).isEqualTo("python3 'Main.py' 'a b' ''\\''; rm -rf /' '$HOME'");
    assertThat(new String(job.stdin(), StandardCharsets.UTF_8)).isEqualTo("Ada\n");
    assertThat(job.files().files())
        .extracting(SandboxFile::path)
        .containsExactly("Main.py", "lib.py");
    assertThat(job.imageRef()).isEqualTo("runbox/python:latest");
  }

  @Test
  void quotingKeepsEveryArgumentOneLiteralWordForTheShell() {
    assertThat(PistonCommand.quote("'; rm -rf /")).isEqualTo("''\\''; rm -rf /'");
    assertThat(PistonCommand.of("java -cp c {name}", "src/Main.java", List.of()))
        .isEqualTo("java -cp c 'Main'");
    assertThat(PistonCommand.of("python3 {file}", "it's.py", List.of("x")))
        .isEqualTo("python3 'it'\\''s.py' 'x'");
  }

  @Test
  void matchesTheExactVersionAPrefixOrAnyAndRefusesAnUnknownOne() {
    Map<String, String> file = Map.of("content", "print(1)");

    assertThat(post(execute("python", "3.13", Map.of(), file)).status()).isEqualTo(200);
    assertThat(post(execute("python3", "3", Map.of(), file)).status()).isEqualTo(200);
    assertThat(post(execute("python", "3.x", Map.of(), file)).status()).isEqualTo(200);
    assertThat(
            post(execute("c", "gcc 14", Map.of(), Map.of("name", "a.c", "content", "int main(){}")))
                .status())
        .isEqualTo(200);
    CompatServer.Response unknownVersion = post(execute("python", "3.1", Map.of(), file));
    CompatServer.Response unknownLanguage = post(execute("brainfuck", "*", Map.of(), file));

    assertThat(unknownVersion.status()).isEqualTo(400);
    assertThat(unknownVersion.json().get("message").asText())
        .isEqualTo("python-3.1 runtime is unknown");
    assertThat(unknownLanguage.status()).isEqualTo(400);
    assertThat(unknownLanguage.json().get("message").asText())
        .isEqualTo("brainfuck-* runtime is unknown");
  }

  @Test
  void decodesBase64AndHexFiles() {
    post(
        execute(
            "python",
            "*",
            Map.of(),
            Map.of("name", "a.py", "content", "cHJpbnQoMSk=", "encoding", "base64"),
            Map.of("name", "b.bin", "content", "00ff41", "encoding", "hex")));

    List<SandboxFile> files = sandbox.lastJob().files().files();
    assertThat(new String(files.get(0).content(), StandardCharsets.UTF_8)).isEqualTo("print(1)");
    assertThat(files.get(1).content()).containsExactly(0x00, 0xff, 0x41);
  }

  @Test
  void refusesBadFilesInPistonsErrorShape() {
    List<CompatServer.Response> refused = new ArrayList<>();
    refused.add(
        post(execute("python", "*", Map.of(), Map.of("content", "!!!", "encoding", "base64"))));
    refused.add(post(execute("python", "*", Map.of(), Map.of("content", "0g", "encoding", "hex"))));
    refused.add(
        post(execute("python", "*", Map.of(), Map.of("content", "x", "encoding", "rot13"))));
    refused.add(post(execute("python", "*", Map.of())));
    refused.add(
        post(execute("python", "*", Map.of(), Map.of("name", "/etc/passwd", "content", "x"))));
    refused.add(post(execute("python", "*", Map.of("args", List.of(1)), Map.of("content", "x"))));

    assertThat(refused)
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(400);
              assertThat(r.json().get("message").asText()).isNotBlank();
            });
    assertThat(refused.get(0).json().get("message").asText())
        .isEqualTo("file 0: the content is not valid base64");
    assertThat(refused.get(3).json().get("message").asText())
        .isEqualTo("files is required as a non-empty array");
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void refusesLimitsAboveTheMaximumNamingThemInPistonsUnits() {
    Map<String, String> file = Map.of("content", "print(1)");

    CompatServer.Response time = post(execute("python", "*", Map.of("run_timeout", 120_001), file));
    CompatServer.Response memory =
        post(execute("python", "*", Map.of("compile_memory_limit", 5_000_000_000L), file));
    CompatServer.Response tiny =
        post(execute("python", "*", Map.of("run_memory_limit", 1024), file));

    assertThat(time.status()).isEqualTo(400);
    assertThat(time.json().get("message").asText())
        .isEqualTo("run_timeout 120001 is above the maximum 120000");
    assertThat(memory.json().get("message").asText())
        .isEqualTo("compile_memory_limit 5000000000 is above the maximum 4294967296");
    assertThat(tiny.json().get("message").asText())
        .isEqualTo("run_memory_limit 1024 is below the minimum 16777216");
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void turnsMillisecondsAndBytesIntoWholeSecondsAndMibRoundingUp() {
    post(
        execute(
            "python",
            "*",
            Map.of(
                "run_timeout", 2500, "run_memory_limit", 64 * 1024 * 1024, "compile_timeout", -1),
            Map.of("content", "x")));

    assertThat(sandbox.lastJob().limits().timeSeconds()).isEqualTo(3);
    assertThat(sandbox.lastJob().limits().memoryMib()).isEqualTo(64);
  }

  @Test
  void compilesInOneSandboxThenRunsTheArtefactInAnotherWithEachStagesLimits() {
    byte[] binary = {0x7f, 'E', 'L', 'F', 0, 1};
    sandbox.answer(
        new SandboxResult(
            FakeSandbox.captured("built\n"),
            CapturedBytes.empty(),
            0,
            Timeout.NONE,
            false,
            List.of(
                new HarvestedFile(
                    "main.c",
                    3,
                    Digests.sha256("int".getBytes(StandardCharsets.UTF_8)),
                    FakeSandbox.captured("int"),
                    false),
                new HarvestedFile(
                    ".runbox-prog",
                    binary.length,
                    Digests.sha256(binary),
                    new CapturedBytes(binary, false),
                    true)),
            true,
            new Usage(30, 20, 4096)));

    CompatServer.Response r =
        post(
            execute(
                "gcc",
                "*",
                Map.of("compile_timeout", 20_000, "run_timeout", 2000, "args", List.of("x y")),
                Map.of("name", "main.c", "content", "int")));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(sandbox.jobs()).hasSize(2);
    SandboxJob compile = sandbox.jobs().get(0);
    SandboxJob run = sandbox.jobs().get(1);
    assertThat(compile.command()).isEqualTo("gcc -O2 -o .runbox-prog *.c -lm");
    assertThat(compile.limits().timeSeconds()).isEqualTo(20);
    assertThat(compile.limits().outputKib()).as("room to carry the artefact").isEqualTo(1024);
    assertThat(run.command()).isEqualTo("./.runbox-prog 'x y'");
    assertThat(run.limits().timeSeconds()).isEqualTo(2);
    assertThat(run.files().files())
        .extracting(SandboxFile::path)
        .containsExactly("main.c", ".runbox-prog");
    SandboxFile artefact = run.files().files().get(1);
    assertThat(artefact.content()).isEqualTo(binary);
    assertThat(artefact.executable()).isTrue();
    assertThat(r.json().at("/compile/stdout").asText()).isEqualTo("built\n");
    assertThat(r.json().at("/run/code").asInt()).isZero();
    assertThat(r.json().get("language").asText()).isEqualTo("c");
  }

  @Test
  void runsJavaWithTheSourceLauncherOnTheFirstFileWhateverItsNameAsPistonDoes() {
    String hello =
        "public class Hello { public static void main(String[] a) { System.out.println(\"OK\"); } }";
    List<String> firstFiles = new ArrayList<>();
    for (Map<String, String> file :
        List.of(
            Map.of("name", "Main.java", "content", hello),
            Map.of("content", hello),
            Map.of("name", "prog", "content", hello))) {
      sandbox.answer(FakeSandbox.result(0, "OK\n", ""));
      int before = sandbox.jobs().size();

      CompatServer.Response r = post(execute("java", "*", Map.of("args", List.of("x")), file));

      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().at("/run/stdout").asText()).isEqualTo("OK\n");
      SandboxJob compile = sandbox.jobs().get(before);
      SandboxJob run = sandbox.jobs().get(before + 1);
      String first = compile.files().files().get(0).path();
      firstFiles.add(first);
      assertThat(compile.command())
          .as("when javac refuses the first file's name, it compiles the other files alone")
          .contains(" *.java 2>/dev/null || {")
          .contains("[ \"$f\" != '" + first + "' ]");
      assertThat(run.command())
          .as("the source launcher runs the first file unless its class was compiled")
          .contains("then set -- '" + first.replace(".java", "") + "';")
          .contains("else set -- --source 21 '" + first + "';")
          .endsWith(" -cp .runbox-classes \"$@\" 'x'");
    }
    assertThat(firstFiles).containsExactly("Main.java", "Main.java", "prog");
  }

  @Test
  void stopsAfterAFailedCompileWithoutARunStageAsPistonDoes() {
    sandbox.answer(FakeSandbox.result(1, "", "main.c:1: error: expected ';'\n"));

    JsonNode out =
        post(execute("c", "*", Map.of(), Map.of("name", "main.c", "content", "int"))).json();

    assertThat(sandbox.jobs()).hasSize(1);
    assertThat(out.has("run")).isFalse();
    assertThat(out.at("/compile/code").asInt()).isEqualTo(1);
    assertThat(out.at("/compile/status").asText()).isEqualTo("RE");
    assertThat(out.at("/compile/stderr").asText()).contains("error");
  }

  @Test
  void saysSoWhenTheArtefactIsTooLargeToCarryToTheRunStage() {
    sandbox.answer(
        new SandboxResult(
            CapturedBytes.empty(),
            CapturedBytes.empty(),
            0,
            Timeout.NONE,
            false,
            List.of(
                new HarvestedFile(
                    ".runbox-prog",
                    5_000_000,
                    "00",
                    new CapturedBytes(new byte[] {1}, true),
                    true)),
            true,
            new Usage(30, 20, 4096)));

    JsonNode out =
        post(execute("c", "*", Map.of(), Map.of("name", "main.c", "content", "int"))).json();

    assertThat(sandbox.jobs()).hasSize(1);
    assertThat(out.has("run")).isFalse();
    assertThat(out.at("/compile/status").asText()).isEqualTo("XX");
    assertThat(out.at("/compile/message").asText()).contains("1024 KiB");
  }

  @Test
  void saysSoWhenTheCompileStageLeavesMoreBytesThanARequestMaySend() {
    byte[] big = new byte[70 * 1024];
    sandbox.answer(
        new SandboxResult(
            CapturedBytes.empty(),
            CapturedBytes.empty(),
            0,
            Timeout.NONE,
            false,
            List.of(
                new HarvestedFile(
                    ".runbox-prog",
                    big.length,
                    Digests.sha256(big),
                    new CapturedBytes(big, false),
                    true)),
            true,
            new Usage(30, 20, 4096)));

    JsonNode out =
        post(execute("c", "*", Map.of(), Map.of("name", "main.c", "content", "int"))).json();

    assertThat(sandbox.jobs()).as("64 KiB of files at most: no run stage").hasSize(1);
    assertThat(out.has("run")).isFalse();
    assertThat(out.at("/compile/status").asText()).isEqualTo("XX");
    assertThat(out.at("/compile/message").asText())
        .contains("more files or bytes than runbox carries");
  }

  @Test
  void reportsAKilledOrTimedOutProgramWithItsSignal() {
    sandbox.answer(
        new SandboxResult(
            CapturedBytes.empty(),
            CapturedBytes.empty(),
            137,
            Timeout.NONE,
            true,
            List.of(),
            true,
            new Usage(30, Usage.UNKNOWN, Usage.UNKNOWN)));
    JsonNode oom = post(execute("python", "*", Map.of(), Map.of("content", "x"))).json().get("run");
    sandbox.answer(
        new SandboxResult(
            CapturedBytes.empty(),
            CapturedBytes.empty(),
            124,
            Timeout.INNER,
            false,
            List.of(),
            true,
            new Usage(3000, 2990, 100)));
    JsonNode slow =
        post(execute("python", "*", Map.of(), Map.of("content", "x"))).json().get("run");
    sandbox.answer(FakeSandbox.result(139, "", ""));
    JsonNode segv =
        post(execute("python", "*", Map.of(), Map.of("content", "x"))).json().get("run");

    assertThat(oom.get("signal").asText()).isEqualTo("SIGKILL");
    assertThat(oom.get("status").asText()).isEqualTo("SG");
    assertThat(oom.get("message").asText()).startsWith("Out of memory");
    assertThat(oom.get("cpu_time").isNull()).isTrue();
    assertThat(slow.get("status").asText()).isEqualTo("TO");
    assertThat(slow.get("signal").asText()).isEqualTo("SIGTERM");
    assertThat(segv.get("signal").asText()).isEqualTo("SIGSEGV");
    assertThat(segv.get("code").asInt()).isEqualTo(139);
  }

  @Test
  void needsTheBearerTokenWhenTokensAreConfigured() {
    try (CompatServer guarded = new CompatServer(new FakeSandbox(), Map.of("tokens", "s3cret"))) {
      assertThat(guarded.get("/api/v2/runtimes").status()).isEqualTo(401);
      assertThat(
              guarded
                  .post("/api/v2/execute", execute("python", "*", Map.of(), Map.of("content", "x")))
                  .status())
          .isEqualTo(401);
      assertThat(
              guarded
                  .post(
                      "/api/v2/execute",
                      execute("python", "*", Map.of(), Map.of("content", "x")),
                      "Authorization",
                      "Bearer s3cret")
                  .status())
          .isEqualTo(200);
    }
  }
}
