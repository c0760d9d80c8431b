package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Judge0 CE 1.13.1's contract as its clients rely on it, on the real engine: the request sequences
 * of the official Python SDK and of Judge0 IDE, replayed as they send them (with {@code
 * X-Auth-Token}, RapidAPI's headers and the SDK's own beside it), and the checklist of observable
 * Judge0 behaviours: statuses, key order, Base64 layout, 422 shapes, batches, the strip rule.
 */
@org.junit.jupiter.api.Timeout(value = 300, threadMode = ThreadMode.SEPARATE_THREAD)
class Judge0ContractIT {
  private static final String TOKEN = "contract-" + UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> DEFAULT_FIELDS =
      List.of("stdout", "time", "memory", "stderr", "token", "compile_output", "message", "status");
  private static final List<String> ALL_FIELDS =
      List.of(
          "source_code",
          "language_id",
          "stdin",
          "expected_output",
          "stdout",
          "status_id",
          "created_at",
          "finished_at",
          "time",
          "memory",
          "stderr",
          "token",
          "number_of_runs",
          "cpu_time_limit",
          "cpu_extra_time",
          "wall_time_limit",
          "memory_limit",
          "stack_limit",
          "max_processes_and_or_threads",
          "enable_per_process_and_thread_time_limit",
          "enable_per_process_and_thread_memory_limit",
          "max_file_size",
          "compile_output",
          "exit_code",
          "exit_signal",
          "message",
          "wall_time",
          "compiler_options",
          "command_line_arguments",
          "redirect_stderr_to_stdout",
          "callback_url",
          "additional_files",
          "enable_network",
          "status",
          "language");

  private static ServiceFixture service;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    service = new ServiceFixture(Map.of("max_running", "2", "tokens", TOKEN));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  /** A request as the SDK sends one: its token, its own headers and RapidAPI's. */
  private static Answer send(String method, String path, Object body) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(service.uri(path))
              .timeout(Duration.ofSeconds(150))
              .header("X-Auth-Token", TOKEN)
              .header("X-Judge0-App", "Judge0 Python SDK")
              .header("X-Judge0-App-Version", "0.0.8")
              .header("x-rapidapi-host", "judge0-ce.p.rapidapi.com")
              .header("Content-Type", "application/json");
      b.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Answer get(String path) {
    return send("GET", path, null);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String unb64(JsonNode n) {
    return n.isNull()
        ? null
        : new String(Base64.getMimeDecoder().decode(n.asText()), StandardCharsets.UTF_8);
  }

  private static List<String> keys(JsonNode o) {
    List<String> out = new ArrayList<>();
    o.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static Map<String, Object> submission(int language, String source) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source_code", b64(source));
    m.put("language_id", language);
    return m;
  }

  private static String create(Map<String, Object> body) {
    Answer a = send("POST", "/submissions?base64_encoded=true&wait=false", body);
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    assertThat(keys(a.json())).containsExactly("token");
    String token = a.json().get("token").asText();
    assertThat(UUID.fromString(token).version()).isEqualTo(4);
    return token;
  }

  /**
   * Polls as the IDE does (while the status is 1 or 2), bounded: the statuses seen on the way are
   * only ever 1, 2 and then one final one.
   */
  private static JsonNode poll(String token, String query) {
    Instant until = Instant.now().plus(Duration.ofSeconds(120));
    while (true) {
      Answer a = get("/submissions/" + token + "?base64_encoded=true" + query);
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      JsonNode s = a.json();
      int id = s.get("status").get("id").asInt();
      assertThat(id).isBetween(1, 14);
      if (id > 2) {
        return s;
      }
      assertThat(Instant.now()).as(token + " still " + id).isBefore(until);
      service.pause(Duration.ofMillis(100));
    }
  }

  @Test
  void theSdksStartUpSequenceFindsEveryKeyAndType() {
    JsonNode languages = get("/languages").json();
    assertThat(languages).isNotEmpty();
    languages.forEach(l -> assertThat(keys(l)).containsExactly("id", "name"));
    JsonNode config = get("/config_info").json();
    assertThat(keys(config)).hasSize(39);
    assertThat(config.get("cpu_time_limit").isDouble()).isTrue();
    assertThat(config.get("memory_limit").isInt()).isTrue();
    assertThat(config.get("enable_wait_result").isBoolean()).isTrue();
    assertThat(config.get("allowed_languages_for_compile_options").isArray()).isTrue();
    assertThat(get("/about").json().get("version").asText()).isEqualTo("1.13.1");
    assertThat(get("/version").body()).isEqualTo("1.13.1");
    JsonNode statuses = get("/statuses").json();
    assertThat(statuses).hasSize(14);
    assertThat(statuses.get(0).get("id").asInt()).isEqualTo(1);
    JsonNode python = get("/languages/71").json();
    assertThat(keys(python))
        .containsExactly("id", "name", "is_archived", "source_file", "compile_cmd", "run_cmd");
  }

  @Test
  void theSdksCreateAndPollGivesEveryKeyInSchemaOrderAndBase64In60ColumnLines() {
    Map<String, Object> long_ = submission(71, "print('x' * 100)\n");
    long_.put("stdin", null);
    String token = create(long_);

    JsonNode s = poll(token, "&fields=*");

    assertThat(keys(s)).containsExactlyElementsOf(ALL_FIELDS);
    assertThat(s.get("status").get("id").asInt()).as(s.toString()).isEqualTo(3);
    String raw = s.get("stdout").asText();
    assertThat(raw.split("\n"))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
    assertThat(raw).endsWith("\n").contains("\n");
    assertThat(unb64(s.get("stdout"))).isEqualTo("x".repeat(100) + "\n");
    assertThat(s.get("time").isTextual()).isTrue();
    assertThat(s.get("wall_time").isTextual()).isTrue();
    assertThat(s.get("memory").isInt()).isTrue();
    assertThat(s.get("cpu_time_limit").asText()).isEqualTo("5.0");
    assertThat(s.get("created_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    JsonNode defaults = get("/submissions/" + token + "?base64_encoded=true").json();
    assertThat(keys(defaults)).containsExactlyElementsOf(DEFAULT_FIELDS);
    assertThat(keys(get("/submissions/" + token + "?base64_encoded=true&fields=").json()))
        .as("an empty fields gives the defaults, as one client sends it")
        .containsExactlyElementsOf(DEFAULT_FIELDS);
    Answer bad = get("/submissions/" + token + "?fields=stdout,foo");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("error").asText()).isEqualTo("invalid fields: [foo]");
  }

  @Test
  void theIdesRunWithStdinOptionsArgumentsAndStderrInStdout() {
    Map<String, Object> ide =
        submission(
            54,
            "#include <iostream>\n#include <string>\nint main(int argc, char** argv) {\n"
                + "  std::string name; std::cin >> name;\n"
                + "  std::cout << \"hello \" << name << \" \" << argc - 1 << std::endl;\n"
                + "  std::cerr << LEVEL << std::endl; }\n");
    ide.put("stdin", b64("judge0\n"));
    ide.put("compiler_options", "-DLEVEL=7");
    ide.put("command_line_arguments", "a b");
    ide.put("redirect_stderr_to_stdout", true);

    JsonNode s = poll(create(ide), "");

    assertThat(s.get("status").get("id").asInt()).as(s.toString()).isEqualTo(3);
    assertThat(unb64(s.get("stdout"))).isEqualTo("hello judge0 2\n7\n");
    assertThat(s.get("stderr").isNull()).isTrue();
    assertThat(unb64(s.get("compile_output"))).isNull();
  }

  @Test
  void theChecklistsStatusesAsJudge0AssignsThem() {
    Map<String, Object> strip = submission(71, "print('a  ')\r\nprint()\n");
    strip.put("source_code", b64("import sys\nsys.stdout.write('a  \\r\\n\\n\\n')\n"));
    strip.put("expected_output", b64("a"));
    Map<String, Object> leading = submission(71, "print()\nprint('a')\n");
    leading.put("expected_output", b64("a\n"));
    Map<String, Object> loop = submission(71, "while True:\n    pass\n");
    loop.put("cpu_time_limit", 1);
    loop.put("wall_time_limit", 6);
    Map<String, Object> exit3 = submission(71, "import sys\nsys.exit(3)\n");
    Map<String, Object> syntax = submission(50, "int main(void) { return 0 }\n");

    String[] tokens = {create(strip), create(leading), create(loop), create(exit3), create(syntax)};

    JsonNode accepted = poll(tokens[0], "");
    assertThat(accepted.get("status").get("id").asInt()).as(accepted.toString()).isEqualTo(3);
    JsonNode wrong = poll(tokens[1], "");
    assertThat(wrong.get("status").get("id").asInt()).as(wrong.toString()).isEqualTo(4);
    assertThat(wrong.get("status").get("description").asText()).isEqualTo("Wrong Answer");
    JsonNode tle = poll(tokens[2], "");
    assertThat(tle.get("status").get("id").asInt()).as(tle.toString()).isEqualTo(5);
    assertThat(unb64(tle.get("message"))).isEqualTo("Time limit exceeded");
    JsonNode nzec = poll(tokens[3], "&fields=status,exit_code,message");
    assertThat(nzec.get("status").get("id").asInt()).isEqualTo(11);
    assertThat(nzec.get("exit_code").asInt()).isEqualTo(3);
    assertThat(unb64(nzec.get("message"))).isEqualTo("Exited with error status 3");
    JsonNode ce = poll(tokens[4], "&fields=status,compile_output,time");
    assertThat(ce.get("status").get("id").asInt()).isEqualTo(6);
    assertThat(unb64(ce.get("compile_output"))).contains("error");
    assertThat(ce.get("time").isNull()).isTrue();
  }

  @Test
  void waitAnswersWithTheResultAndNonUtf8OutputNeedsBase64() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("source_code", "import sys\nsys.stdout.buffer.write(b'\\xff\\xfe')\n");
    body.put("language_id", 71);
    Answer a = send("POST", "/submissions?wait=true", body);
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    assertThat(keys(a.json())).containsExactly("error", "token");
    assertThat(a.json().get("error").asText()).contains("use base64_encoded=true");
    JsonNode s =
        get("/submissions/" + a.json().get("token").asText() + "?base64_encoded=true").json();
    assertThat(Base64.getMimeDecoder().decode(s.get("stdout").asText()))
        .containsExactly(0xff, 0xfe);

    Map<String, Object> text = new LinkedHashMap<>();
    text.put("source_code", "print('héllo')\n");
    text.put("language_id", 71);
    Answer t = send("POST", "/submissions?wait=true&fields=stdout,status_id", text);
    assertThat(t.status()).isEqualTo(201);
    assertThat(keys(t.json())).containsExactly("stdout", "status_id");
    assertThat(t.json().get("stdout").asText()).isEqualTo("héllo\n");
  }

  @Test
  void refusalsHaveJudge0sShapes() {
    Answer missing = send("POST", "/submissions", Map.of("source_code", "print(1)"));
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.json().get("language_id"))
        .extracting(JsonNode::asText)
        .containsExactly("can't be blank", "language with id  doesn't exist");
    Map<String, Object> wall = new LinkedHashMap<>();
    wall.put("source_code", "print(1)");
    wall.put("language_id", 71);
    wall.put("wall_time_limit", 0.5);
    Answer w = send("POST", "/submissions", wall);
    assertThat(w.status()).isEqualTo(422);
    assertThat(w.body())
        .isEqualTo("{\"wall_time_limit\":[\"must be greater than or equal to 1\"]}");
    Answer notBase64 =
        send(
            "POST",
            "/submissions?base64_encoded=true",
            Map.of("source_code", "%%%", "language_id", 71));
    assertThat(notBase64.status()).isEqualTo(422);
    assertThat(keys(notBase64.json())).containsExactly("source_code");
    assertThat(get("/submissions/" + UUID.randomUUID()).status()).isEqualTo(404);
  }

  @Test
  void theSdksTestCasesAsABatchCompileOnceAndUnknownTokensAreNull() {
    String add =
        "#include <stdio.h>\nint main(void) { long a, b; scanf(\"%ld %ld\", &a, &b);"
            + " printf(\"%ld\\n\", a + b); }\n";
    List<Object> items = new ArrayList<>();
    String[][] cases = {{"1 2\n", "3\n"}, {"20 22\n", "42\n"}, {"-1 1\n", "1\n"}};
    for (String[] c : cases) {
      Map<String, Object> item = submission(50, add);
      item.put("stdin", b64(c[0]));
      item.put("expected_output", b64(c[1]));
      items.add(item);
    }
    items.add(Map.of("language_id", 71));

    Answer created =
        send("POST", "/submissions/batch?base64_encoded=true", Map.of("submissions", items));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode answers = created.json();
    assertThat(answers).hasSize(4);
    assertThat(keys(answers.get(3))).containsExactly("source_code");
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tokens.add(answers.get(i).get("token").asText());
    }
    tokens.forEach(t -> poll(t, ""));
    String unknown = UUID.randomUUID().toString();
    JsonNode shown =
        get("/submissions/batch?base64_encoded=true&fields=*&tokens="
                + String.join(",", tokens)
                + ","
                + unknown)
            .json()
            .get("submissions");
    assertThat(shown).hasSize(4);
    assertThat(shown.get(3).isNull()).isTrue();
    List<Integer> statuses = new ArrayList<>();
    shown.forEach(s -> statuses.add(s.isNull() ? null : s.get("status_id").asInt()));
    assertThat(statuses.subList(0, 3)).containsExactly(3, 3, 4);
    assertThat(unb64(shown.get(1).get("stdout"))).isEqualTo("42\n");
    assertThat(unb64(shown.get(1).get("stdin"))).isEqualTo("20 22\n");

    List<Object> tooMany = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      tooMany.add(Map.of("source_code", "print(1)", "language_id", 71));
    }
    assertThat(send("POST", "/submissions/batch", Map.of("submissions", tooMany)).status())
        .isEqualTo(400);
    Answer allBad =
        send(
            "POST", "/submissions/batch", Map.of("submissions", List.of(Map.of("language_id", 0))));
    assertThat(allBad.status()).isEqualTo(422);
  }

  @Test
  void theTokenIsCheckedAsJudge0ChecksItAndPreflightsPass() throws Exception {
    HttpResponse<String> none =
        HTTP.send(
            HttpRequest.newBuilder(service.uri("/languages")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).isEmpty();
    HttpResponse<String> query =
        HTTP.send(
            HttpRequest.newBuilder(service.uri("/languages?X-Auth-Token=" + TOKEN)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(query.statusCode()).isEqualTo(200);
    HttpResponse<String> preflight =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(service.uri("/submissions").toString()))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://ide.example")
                .header("Access-Control-Request-Method", "POST")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
  }
}
