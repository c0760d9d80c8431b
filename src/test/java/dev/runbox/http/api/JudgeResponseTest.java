package dev.runbox.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import dev.runbox.core.judge.CompileResult;
import dev.runbox.core.judge.Difference;
import dev.runbox.core.judge.JudgeResult;
import dev.runbox.core.judge.Judgement;
import dev.runbox.core.judge.TestResult;
import dev.runbox.core.judge.TestRun;
import dev.runbox.core.judge.TimeLimit;
import dev.runbox.core.judge.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JudgeResponseTest {
  private static final List<String> TEST_FIELDS =
      List.of(
          "name",
          "verdict",
          "limit",
          "exit_status",
          "signal",
          "stdout",
          "stderr",
          "usage",
          "difference",
          "checker_message");

  private static CapturedBytes text(String s) {
    return new CapturedBytes(s.getBytes(StandardCharsets.UTF_8), false);
  }

  private static TestRun run(int status, String stdout, Timeout timeout) {
    return new TestRun(status, timeout, false, text(stdout), text(""), new Usage(12, 7, 4096));
  }

  private static JsonNode render(JudgeResult r) throws Exception {
    return new ObjectMapper().readTree(JudgeBodies.write(r));
  }

  private static List<String> fields(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void rendersEveryFieldOfTheAnswerByItsName() throws Exception {
    JudgeResult r =
        JudgeResult.of(
            "judge-1",
            Optional.of(
                new CompileResult(text(""), text("warning"), 0, new Usage(300, 250, 1 << 20))),
            List.of(
                TestResult.of("a", run(0, "3\n", Timeout.NONE), Judgement.of(Verdict.ACCEPTED)),
                TestResult.of(
                    "b",
                    run(0, "4\n", Timeout.NONE),
                    Judgement.wrongAnswer(new Difference(1, 1, "3", "4"))),
                TestResult.of("c", run(139, "", Timeout.NONE), Judgement.of(Verdict.RUNTIME_ERROR)),
                TestResult.of("d", run(124, "", Timeout.INNER), Judgement.timeLimit(TimeLimit.CPU)),
                TestResult.skipped("e")));

    JsonNode j = render(r);

    assertThat(fields(j)).containsExactly("id", "verdict", "compile", "tests", "summary");
    assertThat(j.get("id").asText()).isEqualTo("judge-1");
    assertThat(j.get("verdict").asText()).isEqualTo("wrong_answer");
    assertThat(fields(j.get("compile")))
        .containsExactly("stdout", "stderr", "exit_status", "usage");
    assertThat(j.at("/compile/stderr/content").asText()).isEqualTo("warning");
    assertThat(j.at("/compile/usage/cpu_ms").asLong()).isEqualTo(250);
    for (JsonNode t : j.get("tests")) {
      assertThat(fields(t)).as(t.toString()).containsExactlyElementsOf(TEST_FIELDS);
    }
    JsonNode a = j.get("tests").get(0);
    assertThat(a.get("verdict").asText()).isEqualTo("accepted");
    assertThat(a.get("limit").isNull()).isTrue();
    assertThat(a.get("exit_status").asInt()).isZero();
    assertThat(a.get("signal").isNull()).isTrue();
    assertThat(fields(a.get("stdout"))).containsExactly("content", "truncated");
    assertThat(a.at("/stdout/content").asText()).isEqualTo("3\n");
    assertThat(fields(a.get("usage"))).containsExactly("wall_ms", "cpu_ms", "memory_peak_bytes");
    assertThat(a.get("difference").isNull()).isTrue();
    assertThat(a.get("checker_message").isNull()).isTrue();
    JsonNode b = j.get("tests").get(1);
    assertThat(fields(b.get("difference"))).containsExactly("line", "column", "expected", "got");
    assertThat(b.at("/difference/got").asText()).isEqualTo("4");
    assertThat(j.get("tests").get(2).get("signal").asText()).isEqualTo("SIGSEGV");
    assertThat(j.get("tests").get(3).get("limit").asText()).isEqualTo("cpu");
    JsonNode e = j.get("tests").get(4);
    assertThat(e.get("verdict").asText()).isEqualTo("skipped");
    assertThat(e.get("exit_status").isNull()).isTrue();
    assertThat(e.get("stdout").isNull()).isTrue();
    assertThat(e.get("usage").isNull()).isTrue();
    JsonNode s = j.get("summary");
    assertThat(fields(s))
        .containsExactly(
            "passed",
            "failed",
            "skipped",
            "total",
            "max_wall_ms",
            "max_cpu_ms",
            "max_memory_bytes");
    assertThat(s.get("passed").asInt()).isEqualTo(1);
    assertThat(s.get("failed").asInt()).isEqualTo(3);
    assertThat(s.get("skipped").asInt()).isEqualTo(1);
    assertThat(s.get("total").asInt()).isEqualTo(5);
    assertThat(s.get("max_wall_ms").asLong()).isEqualTo(12);
  }

  @Test
  void leavesCompileOutForALanguageWithoutACompileStage() throws Exception {
    JsonNode j =
        render(
            JudgeResult.of(
                "judge-2",
                Optional.empty(),
                List.of(
                    TestResult.of(
                        "a", run(0, "3\n", Timeout.NONE), Judgement.of(Verdict.ACCEPTED)))));

    assertThat(j.has("compile")).isFalse();
    assertThat(j.get("verdict").asText()).isEqualTo("accepted");
  }

  @Test
  void rendersACompileErrorWithEveryTestSkippedAndNoUsage() throws Exception {
    JsonNode j =
        render(
            JudgeResult.of(
                "judge-3",
                Optional.of(new CompileResult(text(""), text("error: x"), 1, new Usage(5, 4, 3))),
                List.of(TestResult.skipped("a"))));

    assertThat(j.get("verdict").asText()).isEqualTo("compile_error");
    assertThat(j.at("/compile/exit_status").asInt()).isEqualTo(1);
    assertThat(j.at("/summary/max_wall_ms").isNull()).isTrue();
    assertThat(j.at("/summary/skipped").asInt()).isEqualTo(1);
  }

  @Test
  void rendersAnInternalErrorWithTheCheckersMessage() throws Exception {
    JsonNode j =
        render(
            JudgeResult.of(
                "judge-4",
                Optional.empty(),
                List.of(
                    TestResult.of(
                        "a",
                        run(0, "3\n", Timeout.NONE),
                        Judgement.checked(
                            Verdict.INTERNAL_ERROR, "the checker 'x' ended with 3")))));

    assertThat(j.get("verdict").asText()).isEqualTo("internal_error");
    assertThat(j.at("/tests/0/checker_message").asText()).contains("checker 'x'");
  }
}
