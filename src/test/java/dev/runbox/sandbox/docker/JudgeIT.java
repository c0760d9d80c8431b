package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Judge mode against the real engine: every verdict in C, Python and Java (one submission each, one
 * test per verdict, in one session), isolation between tests (a file, a daemon and an IPC object
 * left by one test are gone for the next), the custom checker (accepting, rejecting, crashing),
 * float comparison, the stop policy and a compile error. Nothing is left afterwards.
 */
@org.junit.jupiter.api.Timeout(value = 600, threadMode = ThreadMode.SEPARATE_THREAD)
class JudgeIT {
  private static ServiceFixture service;

  @BeforeAll
  static void start() {
    service = new ServiceFixture();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  /** A C program whose first number says what to do; otherwise it prints the sum of two. */
  private static final String C_PROGRAM =
      """
      #include <stdio.h>
      #include <stdlib.h>
      #include <string.h>
      #include <unistd.h>
      int main(int argc, char **argv) {
        long a, b;
        if (scanf("%ld %ld", &a, &b) != 2) return 3;
        if (a == 7) { int *p = 0; *p = 1; }
        if (a == 8) { volatile long x = 0; for (;;) x++; }
        if (a == 9) { for (;;) { char *m = malloc(1 << 20); memset(m, 1, 1 << 20); } }
        if (a == 10) { for (;;) putchar('x'); }
        if (a == 11) {
          FILE *f = fopen("left.txt", "w"); fputs("x", f); fclose(f);
          f = fopen("/tmp/left.txt", "w"); fputs("x", f); fclose(f);
          system("sh -c 'while :; do echo x >> /tmp/daemon.txt; sleep 0.05; done' >/dev/null 2>&1 &");
        }
        if (a == 12) {
          usleep(300000);
          printf("%s %s %s\\n", access("left.txt", F_OK) ? "clean" : "LEFT",
                 access("/tmp/left.txt", F_OK) ? "clean" : "LEFT",
                 access("/tmp/daemon.txt", F_OK) ? "clean" : "DAEMON");
          return 0;
        }
        if (a == 13) { printf("%d %s\\n", argc - 1, argv[1]); return 0; }
        printf("%ld\\n", a + b);
        return 0;
      }
      """;

  @Test
  void givesEveryVerdictInC() {
    List<Map<String, Object>> tests = new ArrayList<>();
    tests.add(test("accepted", "1 2\n", "3\n"));
    tests.add(test("wrong", "2 2\n", "5\n"));
    tests.add(test("segfault", "7 0\n", "7\n"));
    tests.add(test("spinner", "8 0\n", "8\n", Map.of("cpu_time_s", 0.5, "time_s", 10)));
    tests.add(test("hog", "9 0\n", "9\n", Map.of("memory_mib", 32)));
    tests.add(test("flood", "10 0\n", "10\n", Map.of("time_s", 2)));
    tests.add(test("litterer", "11 0\n", "11\n"));
    tests.add(test("next", "12 0\n", "clean clean clean\n"));
    Map<String, Object> args = test("args", "13 0\n", "2 two words\n");
    args.put("args", List.of("two words", "it's"));
    tests.add(args);

    JsonNode r = judge(Map.of("image", "c", "files", Map.of("main.c", C_PROGRAM), "tests", tests));

    assertThat(r.get("verdict").asText()).as(r.toString()).isEqualTo("wrong_answer");
    assertThat(r.at("/compile/exit_status").asInt()).isZero();
    assertVerdicts(
        r,
        "accepted",
        "wrong_answer",
        "runtime_error",
        "time_limit",
        "memory_limit",
        "output_limit",
        "accepted",
        "accepted",
        "accepted");
    JsonNode t = r.get("tests");
    assertThat(t.get(1).at("/difference/line").asInt()).isEqualTo(1);
    assertThat(t.get(1).at("/difference/expected").asText()).isEqualTo("5");
    assertThat(t.get(1).at("/difference/got").asText()).isEqualTo("4");
    assertThat(t.get(2).get("signal").asText()).isEqualTo("SIGSEGV");
    assertThat(t.get(2).get("exit_status").asInt()).isEqualTo(139);
    assertThat(t.get(3).get("limit").asText()).isEqualTo("cpu");
    assertThat(t.get(3).at("/usage/cpu_ms").asLong()).isGreaterThanOrEqualTo(500);
    assertThat(t.get(4).at("/usage/memory_peak_bytes").asLong()).isPositive();
    assertThat(t.get(5).at("/stdout/truncated").asBoolean()).isTrue();
    assertThat(t.get(0).at("/usage/memory_peak_bytes").asLong()).isPositive();
    assertThat(r.at("/summary/passed").asInt()).isEqualTo(4);
    assertThat(r.at("/summary/failed").asInt()).isEqualTo(5);
    assertThat(r.at("/summary/total").asInt()).isEqualTo(9);
  }

  private static final String PY_PROGRAM =
      """
      import os, signal, sys
      a, b = sys.stdin.read().split()
      if a == "crash": raise SystemExit(4)
      if a == "segv": os.kill(os.getpid(), signal.SIGSEGV)
      if a == "spin":
          while True: pass
      if a == "hog":
          keep = []
          while True: keep.append(bytearray(1 << 20))
      if a == "flood":
          while True: sys.stdout.write("y" * 4096)
      if a == "shm":
          open("/dev/shm/left", "w").write("x")
          os.makedirs("deep/er", exist_ok=True); os.chmod("deep", 0)
          print("ok"); sys.exit(0)
      if a == "after":
          print("clean" if not os.path.exists("/dev/shm/left") and not os.path.exists("deep") else "LEFT")
          sys.exit(0)
      if a == "float":
          print("%.9f" % (float(b) / 3)); sys.exit(0)
      print(int(a) + int(b))
      """;

  @Test
  void givesEveryVerdictInPython() {
    List<Map<String, Object>> tests = new ArrayList<>();
    tests.add(test("accepted", "1 2", "3"));
    tests.add(test("wrong", "1 1", "3"));
    tests.add(test("crash", "crash 0", ""));
    tests.add(test("segv", "segv 0", ""));
    tests.add(test("spinner", "spin 0", "", Map.of("cpu_time_s", 1, "time_s", 10)));
    tests.add(test("hog", "hog 0", "", Map.of("memory_mib", 48)));
    tests.add(test("flood", "flood 0", "", Map.of("time_s", 2)));
    tests.add(test("shm", "shm 0", "ok"));
    tests.add(test("after", "after 0", "clean"));

    JsonNode r =
        judge(Map.of("image", "python", "files", Map.of("main.py", PY_PROGRAM), "tests", tests));

    assertThat(r.has("compile")).as("python has no compile stage").isFalse();
    assertVerdicts(
        r,
        "accepted",
        "wrong_answer",
        "runtime_error",
        "runtime_error",
        "time_limit",
        "memory_limit",
        "output_limit",
        "accepted",
        "accepted");
    JsonNode t = r.get("tests");
    assertThat(t.get(2).get("exit_status").asInt()).isEqualTo(4);
    assertThat(t.get(2).get("signal").isNull()).isTrue();
    assertThat(t.get(3).get("signal").asText()).isEqualTo("SIGSEGV");
    assertThat(t.get(4).get("limit").asText()).isEqualTo("cpu");
  }

  @Test
  void acceptsAFloatWithinEpsilonAndStopsAtTheFirstFailureWhenAsked() {
    List<Map<String, Object>> tests = new ArrayList<>();
    tests.add(test("third", "float 1", "0.3333"));
    tests.add(test("far", "float 3", "1.1"));
    tests.add(test("never-run", "1 2", "3"));

    JsonNode r =
        judge(
            Map.of(
                "image",
                "python",
                "files",
                Map.of("main.py", PY_PROGRAM),
                "tests",
                tests,
                "compare",
                Map.of("mode", "float", "epsilon", 1e-3),
                "stop",
                "first_failure"));

    assertVerdicts(r, "accepted", "wrong_answer", "skipped");
    assertThat(r.at("/summary/skipped").asInt()).isEqualTo(1);
  }

  private static final String JAVA_PROGRAM =
      """
      import java.util.*;
      public class Main {
        public static void main(String[] args) throws Exception {
          Scanner in = new Scanner(System.in);
          String a = in.next();
          long b = in.nextLong();
          switch (a) {
            case "throw" -> throw new IllegalStateException("no");
            case "spin" -> { long x = 0; while (true) x++; }
            case "hog" -> {
              var f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
              f.setAccessible(true);
              var u = (sun.misc.Unsafe) f.get(null);
              while (true) { long m = u.allocateMemory(1 << 20); u.setMemory(m, 1 << 20, (byte) 1); }
            }
            case "flood" -> { while (true) System.out.print("zzzzzzzz"); }
            case "litter" -> {
              java.nio.file.Files.writeString(java.nio.file.Path.of("left.txt"), "x");
              java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/left.txt"), "x");
              // a process that outlives the JVM and would write a file a moment later
              new ProcessBuilder("sh", "-c", "sleep 1; echo x > /tmp/daemon.txt; sleep 600")
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .redirectError(ProcessBuilder.Redirect.DISCARD)
                  .start();
              System.out.println("littered");
            }
            case "after" -> {
              Thread.sleep(1500);
              boolean clean =
                  !new java.io.File("left.txt").exists()
                      && !new java.io.File("/tmp/left.txt").exists()
                      && !new java.io.File("/tmp/daemon.txt").exists()
                      && ProcessHandle.allProcesses()
                          .noneMatch(h -> h.info().command().orElse("").endsWith("sleep"));
              System.out.println(clean ? "clean" : "LEFT");
            }
            case "third" -> System.out.printf("%.9f%n", b / 3.0);
            default -> System.out.println(Long.parseLong(a) + b);
          }
        }
      }
      """;

  @Test
  void givesEveryVerdictInJava() {
    List<Map<String, Object>> tests = new ArrayList<>();
    tests.add(test("accepted", "1 2", "3"));
    tests.add(test("wrong", "1 1", "3"));
    tests.add(test("throws", "throw 0", ""));
    tests.add(test("spinner", "spin 0", "", Map.of("cpu_time_s", 1, "time_s", 10)));
    tests.add(test("hog", "hog 0", "", Map.of("memory_mib", 128)));
    tests.add(test("flood", "flood 0", "", Map.of("time_s", 3)));
    tests.add(test("litterer", "litter 0", "littered"));
    tests.add(test("next", "after 0", "clean"));

    JsonNode r =
        judge(Map.of("image", "java", "files", Map.of("Main.java", JAVA_PROGRAM), "tests", tests));

    assertThat(r.at("/compile/exit_status").asInt()).as(r.toString()).isZero();
    assertVerdicts(
        r,
        "accepted",
        "wrong_answer",
        "runtime_error",
        "time_limit",
        "memory_limit",
        "output_limit",
        "accepted",
        "accepted");
    assertThat(r.get("tests").get(2).at("/stderr/content").asText())
        .contains("IllegalStateException");
    assertThat(r.get("tests").get(3).get("limit").asText()).isEqualTo("cpu");
  }

  @Test
  void acceptsAJavaFloatWithinEpsilon() {
    JsonNode r =
        judge(
            Map.of(
                "image",
                "java",
                "files",
                Map.of("Main.java", JAVA_PROGRAM),
                "tests",
                List.of(test("near", "third 1", "0.3333"), test("far", "third 3", "1.1")),
                "compare",
                Map.of("mode", "float", "epsilon", 1e-3)));

    assertVerdicts(r, "accepted", "wrong_answer");
  }

  @Test
  void aCompileErrorSkipsEveryTest() {
    JsonNode r =
        judge(
            Map.of(
                "image",
                "c",
                "files",
                Map.of("main.c", "int main( { return 0; }"),
                "tests",
                List.of(test("a", "", "x"), test("b", "", "y"))));

    assertThat(r.get("verdict").asText()).isEqualTo("compile_error");
    assertThat(r.at("/compile/exit_status").asInt()).isNotZero();
    assertThat(r.at("/compile/stderr/content").asText()).contains("error");
    assertVerdicts(r, "skipped", "skipped");
  }

  private static final String CHECKER =
      """
      import sys
      inp, out, ans = (open(p).read() for p in sys.argv[1:4])
      if inp.strip() == "crash": raise SystemExit(7)
      if out.split() == ans.split(): sys.exit(0)
      sys.stderr.write("expected %s, got %s" % (ans.strip(), out.strip())); sys.exit(1)
      """;

  @Test
  void aCheckerAcceptsRejectsAndItsCrashIsAnInternalError() {
    List<Map<String, Object>> tests = new ArrayList<>();
    tests.add(test("ok", "1 2", "3"));
    tests.add(test("rejected", "1 1", "3"));
    tests.add(test("crash", "crash", "x"));

    JsonNode r =
        judge(
            Map.of(
                "image",
                "bash",
                "files",
                Map.of("main.sh", "read a b; [ \"$a\" = crash ] && echo crash || echo $((a + b))"),
                "tests",
                tests,
                "checker",
                Map.of(
                    "image",
                    "python",
                    "files",
                    Map.of("check.py", CHECKER),
                    "command",
                    "python3 check.py")));

    assertVerdicts(r, "accepted", "wrong_answer", "internal_error");
    JsonNode t = r.get("tests");
    assertThat(t.get(1).get("checker_message").asText()).isEqualTo("expected 3, got 2");
    assertThat(t.get(2).get("checker_message").asText())
        .contains("python3 check.py")
        .contains("exit status 7");
    assertThat(r.get("verdict").asText()).isEqualTo("wrong_answer");
  }

  private static JsonNode judge(Map<String, Object> body) {
    ServiceFixture.Response response = service.post("/v1/judge", body);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static void assertVerdicts(JsonNode r, String... expected) {
    List<String> got = new ArrayList<>();
    r.get("tests").forEach(t -> got.add(t.get("verdict").asText()));
    assertThat(got).as(r.toString()).containsExactly(expected);
  }

  static Map<String, Object> test(String name, String stdin, String expected) {
    return test(name, stdin, expected, Map.of());
  }

  static Map<String, Object> test(
      String name, String stdin, String expected, Map<String, Object> limits) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", name);
    t.put("stdin", stdin);
    t.put("expected_output", expected);
    if (!limits.isEmpty()) {
      t.put("limits", limits);
    }
    return t;
  }
}
