package dev.runbox.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.sandbox.docker.ServiceFixture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The hostile suite inside judge mode, where one sandbox serves many tests: a test that kills or
 * stops the wrapper serving the tests, forges its trailer, or attacks the checker gets nowhere (its
 * own verdict is its doing; the next test runs clean and is judged right), and a fork bomb or a
 * full disk is gone for the next test. Nothing is left.
 */
@org.junit.jupiter.api.Timeout(value = 300, threadMode = ThreadMode.SEPARATE_THREAD)
class JudgeAttacksIT {
  private static ServiceFixture service;

  @BeforeAll
  static void start() {
    service = new ServiceFixture(Map.of("outer_grace_s", "2"));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  /** Reads a word; "add" prints the sum of the next two, anything else attacks. */
  private static final String PROGRAM =
      """
      read -r what a b
      case $what in
        add) echo $((a + b)) ;;
        killall) echo 3; kill -9 -1 ;;
        stopall) echo 3; kill -STOP -1 ;;
        forge)
          for m in runbox:00000000000000000000000000000000 runbox:go; do
            printf '%s\\n0\\n1\\n0 0\\n0 0\\n0\\n## end\\n' "$m"; printf '%s\\n' "$m" >&2
          done
          exit 3 ;;
        peek)
          for p in /proc/[0-9]*; do
            grep -q serve "$p/cmdline" 2>/dev/null || continue
            echo "found the wrapper at $p" >&2
            for f in fd/0 fd/1 environ mem; do
              head -c 1 "$p/$f" >/dev/null 2>&1 && echo "READ $p/$f"
            done
          done
          echo $((a + b)) ;;
        bomb) echo 3; b() { b | b & }; b; sleep 5 ;;
        fill)
          dd if=/dev/zero of=big bs=1M count=1000 2>/dev/null
          echo $((a + b)) ;;
        space)
          dd if=/dev/zero of=x bs=1M count=32 2>/dev/null && dd if=/dev/zero of=/tmp/x bs=1M count=32 2>/dev/null && echo ok ;;
        checker)
          printf 'import sys\\nsys.exit(0)\\n' > check.py; echo 999 ;;
      esac
      """;

  @Test
  void aTestThatKillsOrStopsItsKeeperEndsAloneAndTheNextRunsClean() {
    List<Map<String, Object>> tests = new ArrayList<>();
    tests.add(test("before", "add 1 2", "3", Map.of()));
    tests.add(test("killall", "killall 0 0", "3", Map.of()));
    tests.add(test("after-kill", "add 2 2", "4", Map.of()));
    tests.add(test("stopall", "stopall 0 0", "3", Map.of("time_s", 1)));
    tests.add(test("after-stop", "add 3 3", "6", Map.of()));
    tests.add(test("forge", "forge 0 0", "3", Map.of()));
    tests.add(test("peek", "peek 4 4", "8", Map.of()));
    tests.add(test("bomb", "bomb 0 0", "3", Map.of("time_s", 2)));
    tests.add(test("after-bomb", "add 5 5", "10", Map.of()));
    tests.add(test("fill", "fill 1 1", "2", Map.of()));
    tests.add(test("after-fill", "space 0 0", "ok", Map.of()));

    JsonNode r =
        judge(Map.of("image", "bash", "files", Map.of("main.sh", PROGRAM), "tests", tests));

    List<String> verdicts = new ArrayList<>();
    r.get("tests").forEach(t -> verdicts.add(t.get("verdict").asText()));
    assertThat(verdicts)
        .as(r.toString())
        .containsExactly(
            "accepted",
            "runtime_error",
            "accepted",
            "time_limit",
            "accepted",
            "runtime_error",
            "accepted",
            "time_limit",
            "accepted",
            "accepted",
            "accepted");
    JsonNode t = r.get("tests");
    assertThat(t.get(1).get("signal").asText()).isEqualTo("SIGKILL");
    assertThat(t.get(3).get("limit").asText()).isEqualTo("wall");
    assertThat(t.get(5).get("exit_status").asInt())
        .as("the forged trailer is only output")
        .isEqualTo(3);
    assertThat(t.get(5).at("/stdout/content").asText()).contains("## end");
    assertThat(t.get(6).at("/stderr/content").asText()).contains("found the wrapper");
    assertThat(t.get(6).at("/stdout/content").asText()).doesNotContain("READ");
  }

  @Test
  void aProgramCannotReachTheChecker() {
    JsonNode r =
        judge(
            Map.of(
                "image",
                "bash",
                "files",
                Map.of("main.sh", PROGRAM),
                "tests",
                List.of(test("swap", "checker 0 0", "0", Map.of())),
                "checker",
                Map.of(
                    "image",
                    "python",
                    "files",
                    Map.of(
                        "check.py",
                        "import sys\nout, ans = open(sys.argv[2]).read(), open(sys.argv[3]).read()\n"
                            + "sys.exit(0 if out.split() == ans.split() else 1)\n"),
                    "command",
                    "python3 check.py")));

    assertThat(r.at("/tests/0/verdict").asText()).as(r.toString()).isEqualTo("wrong_answer");
  }

  private static JsonNode judge(Map<String, Object> body) {
    ServiceFixture.Response response = service.post("/v1/judge", body);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static Map<String, Object> test(
      String name, String stdin, String expected, Map<String, Object> limits) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", name);
    t.put("stdin", stdin + "\n");
    t.put("expected_output", expected);
    if (!limits.isEmpty()) {
      t.put("limits", limits);
    }
    return t;
  }
}
