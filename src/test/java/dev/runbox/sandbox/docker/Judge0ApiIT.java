package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Judge0 CE's submissions on the real engine, as its clients use them: create, then poll until the
 * status is final (id 3 or more), each submission a runbox job.
 */
@org.junit.jupiter.api.Timeout(value = 300, threadMode = ThreadMode.SEPARATE_THREAD)
class Judge0ApiIT {
  private static ServiceFixture service;

  @BeforeAll
  static void start() {
    service = new ServiceFixture(Map.of("max_running", "2"));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static Map<String, Object> submission(int language, String source) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source_code", source);
    m.put("language_id", language);
    return m;
  }

  private static String create(Map<String, Object> body) {
    ServiceFixture.Response r = service.post("/submissions", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("token").asText();
  }

  /** Polls the submission (bounded) until its status is final. */
  private static JsonNode awaitFinal(String token) {
    return awaitFinal(token, "?fields=*");
  }

  /** As above, with this query (its fields must include status). */
  private static JsonNode awaitFinal(String token, String query) {
    Instant until = Instant.now().plus(Duration.ofSeconds(120));
    while (true) {
      JsonNode s = service.get("/submissions/" + token + query).json();
      int id = s.get("status").get("id").asInt();
      assertThat(id).isBetween(1, 14);
      if (id >= 3) {
        return s;
      }
      assertThat(Instant.now()).as("submission " + token + " still " + id).isBefore(until);
      service.pause(Duration.ofMillis(100));
    }
  }

  @Test
  void judgesPythonAndCAsJudge0Does() {
    Map<String, Object> accepted = submission(71, "print(input())\n");
    accepted.put("stdin", "hello\n");
    accepted.put("expected_output", "hello  \n\n");
    Map<String, Object> wrong = submission(71, "print('no')\n");
    wrong.put("expected_output", "yes\n");
    Map<String, Object> nzec = submission(71, "import sys\nsys.exit(3)\n");
    Map<String, Object> tle = submission(71, "while True:\n    pass\n");
    tle.put("cpu_time_limit", 1);
    tle.put("wall_time_limit", 3);
    Map<String, Object> compileError = submission(50, "int main(void) { return 0 }\n");

    String a = create(accepted);
    String w = create(wrong);
    String n = create(nzec);
    String t = create(tle);
    String c = create(compileError);

    JsonNode as = awaitFinal(a);
    assertThat(as.get("status").get("id").asInt()).as(as.toString()).isEqualTo(3);
    assertThat(as.get("stdout").asText()).isEqualTo("hello\n");
    assertThat(as.get("time").asText()).matches("\\d+\\.\\d+");
    assertThat(as.get("memory").asInt()).isPositive();
    assertThat(as.get("language").get("name").asText()).isEqualTo("Python (3.13)");

    JsonNode ws = awaitFinal(w);
    assertThat(ws.get("status").get("id").asInt()).as(ws.toString()).isEqualTo(4);

    JsonNode ns = awaitFinal(n);
    assertThat(ns.get("status").get("id").asInt()).as(ns.toString()).isEqualTo(11);
    assertThat(ns.get("exit_code").asInt()).isEqualTo(3);
    assertThat(ns.get("message").asText()).isEqualTo("Exited with error status 3");

    JsonNode ts = awaitFinal(t);
    assertThat(ts.get("status").get("id").asInt()).as(ts.toString()).isEqualTo(5);
    assertThat(ts.get("message").asText()).startsWith("Time limit exceeded");

    JsonNode cs = awaitFinal(c);
    assertThat(cs.get("status").get("id").asInt()).as(cs.toString()).isEqualTo(6);
    assertThat(cs.get("compile_output").asText()).contains("error");
    assertThat(cs.get("time").isNull()).isTrue();
  }

  @Test
  void classifiesSignalsAndMemoryKillsAndRunsJavaAndCpp() {
    String segv = create(submission(50, "int main(void) { volatile int *p = 0; return *p; }\n"));
    Map<String, Object> hog = submission(71, "x = bytearray(200 * 1024 * 1024)\nprint(len(x))\n");
    hog.put("memory_limit", 65536);
    String mem = create(hog);
    Map<String, Object> java =
        submission(
            62,
            "public class Main { public static void main(String[] a) {"
                + " System.out.println(new java.util.Scanner(System.in).nextInt() * 2); } }\n");
    java.put("stdin", "21\n");
    java.put("expected_output", "42\n");
    String j = create(java);
    Map<String, Object> cpp =
        submission(54, "#include <iostream>\nint main() { std::cout << 6 * 7 << std::endl; }\n");
    cpp.put("expected_output", "42");
    String c = create(cpp);

    JsonNode segvs = awaitFinal(segv);
    assertThat(segvs.get("status").get("id").asInt()).as(segvs.toString()).isEqualTo(7);
    assertThat(segvs.get("exit_signal").asInt()).isEqualTo(11);

    JsonNode mems = awaitFinal(mem);
    assertThat(mems.get("status").get("id").asInt()).as(mems.toString()).isEqualTo(12);
    assertThat(mems.get("message").asText()).isEqualTo("Memory limit exceeded");

    JsonNode js = awaitFinal(j);
    assertThat(js.get("status").get("id").asInt()).as(js.toString()).isEqualTo(3);
    JsonNode cs = awaitFinal(c);
    assertThat(cs.get("status").get("id").asInt()).as(cs.toString()).isEqualTo(3);
  }

  @Test
  void passesCompilerOptionsArgumentsAndRedirectAsSeparateWordsAndRepeatsRuns() {
    Map<String, Object> c =
        submission(
            50,
            "#include <stdio.h>\nint main(int argc, char **argv) {\n"
                + "  printf(\"%d %s|%s\\n\", X, argc > 1 ? argv[1] : \"-\", argc > 2 ? argv[2] : \"-\");\n  fflush(stdout);\n"
                + "  fprintf(stderr, \"err\\n\");\n  return 0;\n}\n");
    c.put("compiler_options", "-DX=41+1 -Wall");
    c.put("command_line_arguments", "'two words' $(id);rm");
    c.put("redirect_stderr_to_stdout", true);
    c.put("number_of_runs", 2);

    JsonNode s = awaitFinal(create(c));

    assertThat(s.get("status").get("id").asInt()).as(s.toString()).isEqualTo(3);
    assertThat(s.get("stdout").asText()).isEqualTo("42 two words|(id)rm\nerr\n");
    assertThat(s.get("stderr").isNull()).isTrue();
    assertThat(s.get("compiler_options").asText()).isEqualTo("-DX=41+1 -Wall");
    assertThat(s.get("number_of_runs").asInt()).isEqualTo(2);
    assertThat(s.get("redirect_stderr_to_stdout").asBoolean()).isTrue();
  }

  @Test
  void aBatchOfTheSameProgramCompilesOnceAndEachItemKeepsItsToken() {
    String source =
        "#include <stdio.h>\nint main(void) { int a, b; scanf(\"%d %d\", &a, &b);"
            + " printf(\"%d\\n\", a + b); return 0; }\n";
    List<Map<String, Object>> items = new ArrayList<>();
    for (String[] t : new String[][] {{"1 2", "3"}, {"2 2", "5"}, {"40 2", "42"}}) {
      Map<String, Object> item = submission(50, source);
      item.put("stdin", t[0]);
      item.put("expected_output", t[1]);
      items.add(item);
    }
    items.add(submission(71, "print(1)\n"));

    ServiceFixture.Response r = service.post("/submissions/batch", Map.of("submissions", items));

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    List<String> tokens = new ArrayList<>();
    r.json().forEach(t -> tokens.add(t.get("token").asText()));
    assertThat(tokens).hasSize(4).doesNotHaveDuplicates();
    List<Integer> statuses = new ArrayList<>();
    for (String t : tokens) {
      statuses.add(awaitFinal(t).get("status").get("id").asInt());
    }
    assertThat(statuses).containsExactly(3, 4, 3, 3);
    List<String> jobs = new ArrayList<>();
    for (String t : tokens) {
      JsonNode job = service.get("/v1/jobs/" + t).json();
      jobs.add(job.get("id").asText());
    }
    assertThat(jobs.subList(0, 3)).containsOnly(jobs.get(0));
    assertThat(jobs.get(3)).isNotEqualTo(jobs.get(0));
    JsonNode result = service.get("/v1/jobs/" + tokens.get(0)).json().get("result");
    assertThat(result.get("tests")).hasSize(3);
    assertThat(result.get("compile").isObject()).isTrue();
  }

  private static String zip(Map<String, String> files) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        z.putNextEntry(new java.util.zip.ZipEntry(f.getKey()));
        z.write(f.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  @Test
  void additionalFilesAMultiFileProgramAndAnExecutableRun() throws Exception {
    Map<String, Object> python = submission(71, "import helper\nprint(helper.answer())\n");
    python.put("additional_files", zip(Map.of("helper.py", "def answer():\n    return 42\n")));
    Map<String, Object> project = new LinkedHashMap<>();
    project.put("language_id", 89);
    project.put(
        "additional_files",
        zip(
            Map.of(
                "main.cpp",
                "#include <iostream>\nint main() { std::cout << \"multi\" << std::endl; }\n",
                "compile",
                "g++ -o prog main.cpp\n",
                "run",
                "./prog\n")));
    Map<String, Object> executable = new LinkedHashMap<>();
    executable.put("language_id", 44);
    executable.put(
        "source_code",
        java.util.Base64.getEncoder()
            .encodeToString(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/bin/echo"))));
    executable.put("command_line_arguments", "binary runs");

    String p = create(python);
    String m = create(project);
    ServiceFixture.Response e = service.post("/submissions?base64_encoded=true", executable);
    assertThat(e.status()).as(e.body()).isEqualTo(201);

    JsonNode ps = awaitFinal(p);
    assertThat(ps.get("status").get("id").asInt()).as(ps.toString()).isEqualTo(3);
    assertThat(ps.get("stdout").asText()).isEqualTo("42\n");
    JsonNode ms = awaitFinal(m);
    assertThat(ms.get("status").get("id").asInt()).as(ms.toString()).isEqualTo(3);
    assertThat(ms.get("stdout").asText()).isEqualTo("multi\n");
    assertThat(ms.get("source_code").isNull()).isTrue();
    JsonNode es = awaitFinal(e.json().get("token").asText(), "?fields=status,stdout");
    assertThat(es.get("status").get("id").asInt()).as(es.toString()).isEqualTo(3);
    assertThat(es.get("stdout").asText()).isEqualTo("binary runs\n");
  }
}
