package dev.runbox.http.judge0;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.FakeSandbox;
import dev.runbox.core.SandboxJob;
import dev.runbox.http.CompatServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Judge0 CE's API on runbox's port, with a fake sandbox: languages, statuses, configuration, and
 * submissions as judge jobs ({@code wait=true} lets the server wait for the job, so the test never
 * polls).
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class Judge0ApiTest {
  private final FakeSandbox sandbox = new FakeSandbox();
  private final CompatServer http = new CompatServer(sandbox);

  @AfterEach
  void stop() {
    http.close();
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static Map<String, Object> python(String source) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source_code", source);
    m.put("language_id", 71);
    return m;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void listsTheCatalogsLanguagesAtJudge0sIdsSortedByName() {
    JsonNode list = http.get("/languages").json();
    List<String> listed = new ArrayList<>();
    list.forEach(l -> listed.add(l.get("id").asInt() + " " + l.get("name").asText()));
    assertThat(listed)
        .startsWith("45 Assembly (NASM 2.16.03)", "46 Bash (5.2)")
        .contains("71 Python (3.13)", "62 Java (OpenJDK 21)", "63 JavaScript (Node.js 20)")
        .contains("59 Fortran (GFortran 14)", "79 Objective-C (GCC 14)")
        .contains("64 Lua (5.4)", "85 Perl (5.40)", "82 SQL (SQLite 3.46.1)");
    // Every active id of Judge0 CE 1.13.1 but those Debian 13 has no toolchain for: Basic (47),
    // Python 2 (70), Visual Basic .NET (84) and F# (87).
    List<Integer> ids = new ArrayList<>();
    list.forEach(l -> ids.add(l.get("id").asInt()));
    List<Integer> judge0s = new ArrayList<>();
    for (int id = 43; id <= 89; id++) {
      if (id != 47 && id != 70 && id != 84 && id != 87) {
        judge0s.add(id);
      }
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(judge0s);
    assertThat(names(list.get(0))).containsExactly("id", "name");
    assertThat(listed.indexOf("62 Java (OpenJDK 21)"))
        .isLessThan(listed.indexOf("63 JavaScript (Node.js 20)"));
    assertThat(listed.indexOf("68 PHP (8.4)")).isLessThan(listed.indexOf("71 Python (3.13)"));
    assertThat(listed.indexOf("85 Perl (5.40)")).isLessThan(listed.indexOf("68 PHP (8.4)"));
    assertThat(names(http.get("/languages/all").json().get(0)))
        .containsExactly("id", "name", "is_archived");
  }

  @Test
  void showsOneLanguageWithJudge0sFieldsAnd404ForAnUnknownId() {
    JsonNode java = http.get("/languages/62").json();
    assertThat(names(java))
        .containsExactly("id", "name", "is_archived", "source_file", "compile_cmd", "run_cmd");
    assertThat(java.get("source_file").asText()).isEqualTo("Main.java");
    assertThat(java.get("run_cmd").asText()).contains("Main").doesNotContain("{name}");
    assertThat(http.get("/languages/71").json().get("compile_cmd").isNull()).isTrue();
    assertThat(http.get("/languages/71").json().get("run_cmd").asText())
        .isEqualTo("python3 script.py");
    assertThat(http.get("/languages/999").status()).isEqualTo(404);
    assertThat(http.get("/languages/abc").status()).isEqualTo(404);
  }

  @Test
  void answersStatusesAboutVersionAndAllConfigKeys() {
    JsonNode statuses = http.get("/statuses").json();
    assertThat(statuses).hasSize(14);
    assertThat(statuses.get(2).get("description").asText()).isEqualTo("Accepted");
    assertThat(http.get("/about").json().get("version").asText()).isEqualTo("1.13.1");
    CompatServer.Response version = http.get("/version");
    assertThat(version.body()).isEqualTo("1.13.1");
    assertThat(version.headers().get("content-type").getFirst()).startsWith("text/plain");
    JsonNode config = http.get("/config_info").json();
    assertThat(names(config)).hasSize(39).startsWith("maintenance_mode", "enable_wait_result");
    assertThat(names(config)).endsWith("allow_enable_network", "enable_network");
    assertThat(config.get("cpu_time_limit").isDouble()).isTrue();
    assertThat(config.get("cpu_time_limit").asDouble()).isEqualTo(5.0);
    assertThat(config.get("max_wall_time_limit").asDouble()).isEqualTo(20.0);
    assertThat(config.get("memory_limit").asInt()).isEqualTo(128000);
    assertThat(config.get("max_memory_limit").asInt()).isEqualTo(512000);
    assertThat(config.get("allowed_languages_for_compile_options").isArray()).isTrue();
  }

  @Test
  void createsASubmissionAsAJudgeJobAndAnswersItsTokenWith201() {
    CompatServer.Response r = http.post("/submissions", python("print('hi')"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(names(r.json())).containsExactly("token");
  }

  @Test
  void waitAnswersTheDefaultFieldsInJudge0sOrderOnceJudged() {
    sandbox.answer(FakeSandbox.result(0, "hi  \n\n", ""));
    Map<String, Object> body = python("print('hi')");
    body.put("expected_output", "hi\n");
    CompatServer.Response r = http.post("/submissions?wait=true", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode s = r.json();
    assertThat(names(s))
        .containsExactly(
            "stdout", "time", "memory", "stderr", "token", "compile_output", "message", "status");
    assertThat(s.get("status").get("id").asInt())
        .as("trailing spaces and blank lines ignored")
        .isEqualTo(3);
    assertThat(s.get("stdout").asText()).isEqualTo("hi  \n\n");
    assertThat(s.get("time").isTextual()).isTrue();
    assertThat(s.get("memory").asInt()).isEqualTo(1024);
    assertThat(s.get("stderr").isNull()).isTrue();

    SandboxJob run = sandbox.jobs().getLast();
    assertThat(run.files().files()).anyMatch(f -> f.path().equals("script.py"));
    assertThat(run.limits().outputBytes())
        .as("Judge0's max_file_size, 1024 KB by default, caps the output")
        .isEqualTo(1024 * 1024);
    assertThat(run.limits().memoryBytes()).isEqualTo(125L * 1024 * 1024);
  }

  @Test
  void compilerOptionsAndArgumentsReachTheSandboxAsQuotedWordsAndStderrCanJoinStdout() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("source_code", "int main(void) { return 0; }");
    body.put("language_id", 50);
    body.put("compiler_options", "-DN='a b' -O3;rm");
    body.put("command_line_arguments", "x \"y z\" `id`");
    body.put("redirect_stderr_to_stdout", "true");

    assertThat(http.post("/submissions?wait=true", body).status()).isEqualTo(201);

    List<SandboxJob> jobs = sandbox.jobs();
    assertThat(jobs.get(0).command()).contains("gcc -O2 '-DN=a b' '-O3rm' -o .runbox-prog");
    assertThat(jobs.getLast().command())
        .as("the fake joins the arguments it got with spaces")
        .isEqualTo("ulimit -s 64000 2>/dev/null; exec 2>&1; ./.runbox-prog x y z id");
  }

  @Test
  void compilerOptionsAreRefusedForALanguageWithoutACompileStageAndWhenTooLong() {
    Map<String, Object> interpreted = python("print(1)");
    interpreted.put("compiler_options", "-O");
    Map<String, Object> tooLong = python("print(1)");
    tooLong.put("command_line_arguments", "a".repeat(513));

    assertThat(http.post("/submissions", interpreted).json().toString())
        .isEqualTo(
            "{\"compiler_options\":[\"setting compiler options is only allowed for compiled"
                + " languages\"]}");
    assertThat(http.post("/submissions", tooLong).json().toString())
        .isEqualTo("{\"command_line_arguments\":[\"is too long (maximum is 512 characters)\"]}");
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void theLimitsSentBecomeTheRunsLimitsRoundedUpToRunboxsUnits() {
    Map<String, Object> body = python("print(1)");
    body.put("max_file_size", 2);
    body.put("memory_limit", 100000);
    body.put("wall_time_limit", "2.5");
    http.post("/submissions?wait=true", body);
    SandboxJob run = sandbox.jobs().getLast();
    assertThat(run.limits().outputBytes()).isEqualTo(2 * 1024);
    assertThat(run.limits().memoryBytes()).isEqualTo(98L * 1024 * 1024);
    assertThat(run.limits().timeSeconds()).isEqualTo(3);
  }

  @Test
  void aDifferentOutputIsWrongAnswerAndAMissingExpectedOutputAccepted() {
    sandbox.answer(FakeSandbox.result(0, "\nhi\n", ""));
    Map<String, Object> body = python("print('hi')");
    body.put("expected_output", "hi\n");
    assertThat(http.post("/submissions?wait=true", body).json().get("status").get("id").asInt())
        .as("a leading blank line counts")
        .isEqualTo(4);
    assertThat(
            http.post("/submissions?wait=true", python("print()"))
                .json()
                .get("status")
                .get("id")
                .asInt())
        .isEqualTo(3);
  }

  @Test
  void aNonZeroExitIsNzec() {
    sandbox.answer(FakeSandbox.result(3, "", "boom\n"));
    JsonNode s =
        http.post(
                "/submissions?wait=true&fields=status_id,exit_code,message,stderr",
                python("exit(3)"))
            .json();
    assertThat(names(s)).containsExactly("status_id", "stderr", "exit_code", "message");
    assertThat(s.get("status_id").asInt()).isEqualTo(11);
    assertThat(s.get("exit_code").asInt()).isEqualTo(3);
    assertThat(s.get("message").asText()).isEqualTo("Exited with error status 3");
  }

  @Test
  void aCompileErrorIsStatus6WithTheCompilersOutput() {
    sandbox.answer(FakeSandbox.result(1, "", "main.c:1:1: error: expected ';'\n"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("source_code", "int main() { return 0 }");
    body.put("language_id", 50);
    JsonNode s = http.post("/submissions?wait=true&fields=*", body).json();
    assertThat(s.get("status").get("id").asInt()).isEqualTo(6);
    assertThat(s.get("compile_output").asText()).contains("error: expected ';'");
    assertThat(s.get("time").isNull()).isTrue();
    assertThat(s.get("language").get("name").asText()).isEqualTo("C (GCC 14)");
    assertThat(s.get("language_id").asInt()).isEqualTo(50);
  }

  @Test
  void getShowsAllFieldsInJudge0sOrderWithTheLimitsAsSent() {
    sandbox.answer(FakeSandbox.result(0, "ok\n", ""));
    Map<String, Object> body = python("print('ok')");
    body.put("stdin", "1 2\n");
    body.put("cpu_time_limit", "2.5");
    body.put("wall_time_limit", 3);
    body.put("memory_limit", 100000);
    String token =
        http.post("/submissions?wait=true&fields=token", body).json().get("token").asText();

    JsonNode s = http.get("/submissions/" + token + "?fields=*").json();
    assertThat(names(s)).isEqualTo(Judge0Fields.ALL);
    assertThat(s.get("source_code").asText()).isEqualTo("print('ok')");
    assertThat(s.get("stdin").asText()).isEqualTo("1 2\n");
    assertThat(s.get("expected_output").isNull()).isTrue();
    assertThat(s.get("cpu_time_limit").asText()).isEqualTo("2.5");
    assertThat(s.get("cpu_extra_time").asText()).isEqualTo("1.0");
    assertThat(s.get("wall_time_limit").asText()).isEqualTo("3.0");
    assertThat(s.get("memory_limit").asInt()).isEqualTo(100000);
    assertThat(s.get("created_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(s.get("token").asText()).isEqualTo(token);
    assertThat(s.get("status_id").asInt()).isEqualTo(3);
    assertThat(http.get("/submissions/" + token + "?fields=").json().has("stdout")).isTrue();
    assertThat(http.get("/submissions/no-such-token").status()).isEqualTo(404);
  }

  @Test
  void base64InAndOutAsJudge0EncodesIt() {
    sandbox.answer(FakeSandbox.result(0, "x".repeat(50) + "\n", ""));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("source_code", b64("print('x' * 50)"));
    body.put("language_id", "71");
    body.put("stdin", b64("input\n"));
    String token =
        http.post("/submissions?base64_encoded=true&wait=true&fields=token", body)
            .json()
            .get("token")
            .asText();
    JsonNode s = http.get("/submissions/" + token + "?base64_encoded=true&fields=*").json();
    String stdout = s.get("stdout").asText();
    assertThat(stdout).contains("\n").endsWith("\n");
    assertThat(stdout.split("\n")[0]).hasSize(60);
    assertThat(new String(Base64.getMimeDecoder().decode(stdout), StandardCharsets.UTF_8))
        .isEqualTo("x".repeat(50) + "\n");
    assertThat(s.get("source_code").asText()).isEqualTo(b64("print('x' * 50)") + "\n");
    assertThat(s.get("stdin").asText()).isEqualTo(b64("input\n") + "\n");
  }

  @Test
  void nonUtf8OutputWithoutBase64IsJudge0sConversionError() {
    sandbox.answer(
        new dev.runbox.core.SandboxResult(
            new dev.runbox.core.CapturedBytes(new byte[] {(byte) 0xff}, false),
            FakeSandbox.captured(""),
            0,
            dev.runbox.core.Timeout.NONE,
            false,
            List.of(),
            true,
            new dev.runbox.core.Usage(1, 1, 1024)));
    JsonNode created = http.post("/submissions?wait=true", python("x")).json();
    assertThat(created.get("error").asText()).contains("use base64_encoded=true");
    String token = created.get("token").asText();
    CompatServer.Response plain = http.get("/submissions/" + token);
    assertThat(plain.status()).isEqualTo(400);
    assertThat(plain.json().get("error").asText())
        .isEqualTo(
            "some attributes for this submission cannot be converted to UTF-8, use"
                + " base64_encoded=true query parameter");
    assertThat(
            http.get("/submissions/" + token + "?base64_encoded=true")
                .json()
                .get("stdout")
                .asText())
        .isEqualTo("/w==\n");
  }

  @Test
  void refusesInvalidSubmissionsWithJudge0s422Shape() {
    CompatServer.Response missing = http.post("/submissions", Map.of("source_code", "x"));
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.body())
        .isEqualTo("{\"language_id\":[\"can't be blank\",\"language with id  doesn't exist\"]}");

    Map<String, Object> body = python("x");
    body.put("wall_time_limit", 0.5);
    body.put("cpu_time_limit", 16);
    body.put("memory_limit", "lots");
    CompatServer.Response bounds = http.post("/submissions", body);
    assertThat(bounds.status()).isEqualTo(422);
    assertThat(bounds.json().get("wall_time_limit").get(0).asText())
        .isEqualTo("must be greater than or equal to 1");
    assertThat(bounds.json().get("cpu_time_limit").get(0).asText())
        .isEqualTo("must be less than or equal to 15.0");
    assertThat(bounds.json().get("memory_limit").get(0).asText()).isEqualTo("is not a number");

    assertThat(http.post("/submissions", Map.of("language_id", 12345, "source_code", "x")).body())
        .isEqualTo("{\"language_id\":[\"language with id 12345 doesn't exist\"]}");
    assertThat(http.post("/submissions", Map.of("language_id", 71)).body())
        .isEqualTo("{\"source_code\":[\"can't be blank\"]}");

    CompatServer.Response notBase64 =
        http.post("/submissions?base64_encoded=true", python("print('hi')"));
    assertThat(notBase64.status()).isEqualTo(422);
    assertThat(notBase64.json().has("source_code")).isTrue();

    Map<String, Object> network = python("x");
    network.put("enable_network", true);
    assertThat(http.post("/submissions", network).json().get("enable_network").get(0).asText())
        .isEqualTo("enabling network is not allowed");
    assertThat(sandbox.jobs()).as("nothing refused reached a sandbox").isEmpty();
  }

  @Test
  void takesJudge0IdesBodyWithItsEmptyOptionsAndReadsFieldsFromTheQueryToo() {
    Map<String, Object> ide = new LinkedHashMap<>();
    ide.put("source_code", b64("print(input())"));
    ide.put("language_id", 71);
    ide.put("stdin", b64("x\n"));
    ide.put("compiler_options", "");
    ide.put("command_line_arguments", " ");
    ide.put("redirect_stderr_to_stdout", true);
    assertThat(http.post("/submissions?base64_encoded=true&wait=false", ide).status())
        .isEqualTo(201);

    CompatServer.Response byQuery =
        http.post("/submissions?language_id=71&source_code=print(1)", Map.of());
    assertThat(byQuery.status()).as(byQuery.body()).isEqualTo(201);
  }

  @Test
  void listsTheProblemsInJudge0sValidationOrder() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("callback_url", "http://example.test/");
    body.put("language_id", 4242);
    body.put("memory_limit", 1);
    body.put("source_code", "");
    assertThat(names(http.post("/submissions", body).json()))
        .containsExactly("source_code", "memory_limit", "language_id", "callback_url");
  }

  @Test
  void refusesUnknownFieldsWith400() {
    CompatServer.Response r = http.post("/submissions?fields=foo", python("x"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"error\":\"invalid fields: [foo]\"}");
  }

  @Test
  void batchesCreateEachItemAndShowUnknownTokensAsNull() {
    sandbox.answer(FakeSandbox.result(0, "ok\n", ""));
    Map<String, Object> bad = Map.of("language_id", 999999, "source_code", "x");
    CompatServer.Response created =
        http.post("/submissions/batch", Map.of("submissions", List.of(python("a"), bad)));
    assertThat(created.status()).isEqualTo(201);
    JsonNode items = created.json();
    assertThat(items.get(0).has("token")).isTrue();
    assertThat(items.get(1).get("language_id").get(0).asText())
        .isEqualTo("language with id 999999 doesn't exist");

    assertThat(http.post("/submissions/batch", Map.of("submissions", List.of(bad))).status())
        .isEqualTo(422);
    List<Object> many = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      many.add(python("a"));
    }
    CompatServer.Response tooMany = http.post("/submissions/batch", Map.of("submissions", many));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().get("error").asText())
        .isEqualTo("number of submissions in a batch should be less than or equal to 20");
    assertThat(
            http.post("/submissions/batch", Map.of("submissions", List.of()))
                .json()
                .get("error")
                .asText())
        .isEqualTo("there should be at least one submission in a batch");

    String token = items.get(0).get("token").asText();
    JsonNode shown =
        http.get("/submissions/batch?tokens=" + token + ",nope&fields=token,status_id").json();
    assertThat(shown.get("submissions")).hasSize(2);
    assertThat(shown.get("submissions").get(0).get("token").asText()).isEqualTo(token);
    assertThat(shown.get("submissions").get(1).isNull()).isTrue();
    JsonNode byHeader = http.send("GET", "/submissions/batch", null, "tokens", token).json();
    assertThat(byHeader.get("submissions")).hasSize(1);
    assertThat(http.get("/submissions/batch").status()).isEqualTo(400);
  }

  @Test
  void deletesNothingAsJudge0WithDeletesOff() {
    String token = http.post("/submissions", python("x")).json().get("token").asText();
    CompatServer.Response r = http.send("DELETE", "/submissions/" + token, null);
    assertThat(r.status()).as("no tokens: no authorization, as Judge0 without one").isEqualTo(403);
    assertThat(r.body()).isEmpty();
    try (CompatServer guarded = new CompatServer(new FakeSandbox(), Map.of("tokens", "s3cret"))) {
      String other =
          guarded
              .post("/submissions", python("x"), "X-Auth-Token", "s3cret")
              .json()
              .get("token")
              .asText();
      CompatServer.Response refused =
          guarded.send(
              "DELETE",
              "/submissions/" + other,
              null,
              "X-Auth-Token",
              "s3cret",
              "X-Auth-User",
              "s3cret");
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body()).isEqualTo("{\"error\":\"delete not allowed\"}");
    }
  }

  @Test
  void aSignalIsShownAsJudge0MeansItOrAsItsBashReportsItWhenConfigured() {
    sandbox.answer(FakeSandbox.result(139, "", ""));
    JsonNode meant =
        http.post(
                "/submissions?wait=true&fields=status_id,exit_code,exit_signal,message",
                python("x"))
            .json();
    assertThat(meant.get("status_id").asInt()).isEqualTo(7);
    assertThat(meant.get("exit_signal").asInt()).isEqualTo(11);

    FakeSandbox other = new FakeSandbox().answer(FakeSandbox.result(139, "", ""));
    try (CompatServer bash = new CompatServer(other, Map.of("judge0_signals_as_nzec", "true"))) {
      JsonNode reported =
          bash.post(
                  "/submissions?wait=true&fields=status_id,exit_code,exit_signal,message",
                  python("x"))
              .json();
      assertThat(reported.get("status_id").asInt()).isEqualTo(11);
      assertThat(reported.get("exit_code").asInt()).isEqualTo(139);
      assertThat(reported.get("exit_signal").isNull()).isTrue();
      assertThat(reported.get("message").asText()).isEqualTo("Exited with error status 139");
    }
  }
}
