package dev.runbox.http.judge0;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How a judge result of one test maps onto Judge0's statuses, messages and fields. */
class Judge0OutcomeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode result(String verdict, String test) throws Exception {
    return JSON.readTree(
        """
        {"id": "j", "verdict": "%s", "tests": [%s], "summary": {}}"""
            .formatted(verdict, test));
  }

  private static String test(String verdict, String extra) {
    return """
        {"name": "judge0 id=71", "verdict": "%s", "stdout": {"content": "hi\\n", "truncated": false},
         "stderr": {"content": "", "truncated": false},
         "usage": {"wall_ms": 40, "cpu_ms": 12, "memory_peak_bytes": 3145728}%s}"""
        .formatted(verdict, extra);
  }

  private static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void acceptedCarriesTheOutputTimesAsDecimalTextAndMemoryInKb() throws Exception {
    Judge0Outcome o =
        Judge0Outcome.of(result("accepted", test("accepted", ", \"exit_status\": 0")), true);
    assertThat(o.status()).isEqualTo(Judge0Status.ACCEPTED);
    assertThat(text(o.stdout())).isEqualTo("hi\n");
    assertThat(o.stderr()).as("no output is null, as Judge0 stores it").isNull();
    assertThat(o.time()).isEqualTo("0.012");
    assertThat(o.wallTime()).isEqualTo("0.04");
    assertThat(o.memory()).isEqualTo(3072);
    assertThat(o.exitCode()).isZero();
    assertThat(o.exitSignal()).isNull();
    assertThat(o.message()).isNull();
  }

  @Test
  void aWrongAnswerIsAcceptedWhenNoExpectedOutputWasSent() throws Exception {
    JsonNode r = result("wrong_answer", test("wrong_answer", ", \"exit_status\": 0"));
    assertThat(Judge0Outcome.of(r, true).status()).isEqualTo(Judge0Status.WRONG_ANSWER);
    assertThat(Judge0Outcome.of(r, false).status()).isEqualTo(Judge0Status.ACCEPTED);
  }

  @Test
  void timeLimitsSayWhichClock() throws Exception {
    Judge0Outcome cpu =
        Judge0Outcome.of(result("time_limit", test("time_limit", ", \"limit\": \"cpu\"")), true);
    Judge0Outcome wall =
        Judge0Outcome.of(result("time_limit", test("time_limit", ", \"limit\": \"wall\"")), true);
    assertThat(cpu.status()).isEqualTo(Judge0Status.TIME_LIMIT_EXCEEDED);
    assertThat(cpu.message()).isEqualTo("Time limit exceeded");
    assertThat(wall.message()).isEqualTo("Time limit exceeded (wall clock)");
  }

  @Test
  void aNonZeroStatusIsNzecWithJudge0sMessage() throws Exception {
    Judge0Outcome o =
        Judge0Outcome.of(
            result("runtime_error", test("runtime_error", ", \"exit_status\": 3")), true);
    assertThat(o.status()).isEqualTo(Judge0Status.NZEC);
    assertThat(o.status().id()).isEqualTo(11);
    assertThat(o.exitCode()).isEqualTo(3);
    assertThat(o.message()).isEqualTo("Exited with error status 3");
  }

  @Test
  void signalsMapByJudge0sTableWithTheSignalNumber() throws Exception {
    Judge0Outcome segv =
        Judge0Outcome.of(
            result(
                "runtime_error",
                test("runtime_error", ", \"exit_status\": 139, \"signal\": \"SIGSEGV\"")),
            true);
    assertThat(segv.status().id()).isEqualTo(7);
    assertThat(segv.exitSignal()).isEqualTo(11);
    Judge0Outcome fpe =
        Judge0Outcome.of(
            result(
                "runtime_error",
                test("runtime_error", ", \"exit_status\": 136, \"signal\": \"SIGFPE\"")),
            true);
    assertThat(fpe.status().id()).isEqualTo(9);
    Judge0Outcome abrt =
        Judge0Outcome.of(
            result(
                "runtime_error",
                test("runtime_error", ", \"exit_status\": 134, \"signal\": \"SIGABRT\"")),
            true);
    assertThat(abrt.status().id()).isEqualTo(10);
    Judge0Outcome term =
        Judge0Outcome.of(
            result(
                "runtime_error",
                test("runtime_error", ", \"exit_status\": 143, \"signal\": \"SIGTERM\"")),
            true);
    assertThat(term.status().id()).isEqualTo(12);
    assertThat(term.exitSignal()).isEqualTo(15);
  }

  @Test
  void aMemoryKillIsRuntimeErrorOtherWithJudge0sMissingMessage() throws Exception {
    Judge0Outcome o =
        Judge0Outcome.of(
            result("memory_limit", test("memory_limit", ", \"exit_status\": 137")), true);
    assertThat(o.status()).isEqualTo(Judge0Status.OTHER);
    assertThat(o.message()).isEqualTo("Memory limit exceeded");
    assertThat(o.exitSignal()).isEqualTo(9);
  }

  @Test
  void outputOverTheLimitIsSigxfszAsJudge0sFileSizeLimit() throws Exception {
    Judge0Outcome o =
        Judge0Outcome.of(
            result("output_limit", test("output_limit", ", \"exit_status\": 0")), true);
    assertThat(o.status().id()).isEqualTo(8);
    assertThat(o.exitSignal()).isEqualTo(25);
  }

  @Test
  void aCompileErrorCarriesTheCompilersOutputAndNoRunFields() throws Exception {
    JsonNode r =
        JSON.readTree(
            """
            {"id": "j", "verdict": "compile_error",
             "compile": {"stdout": {"content": "", "truncated": false},
                         "stderr": {"content": "main.c:1: error: expected ';'\\n", "truncated": false},
                         "exit_status": 1, "usage": {}},
             "tests": [{"name": "judge0", "verdict": "skipped"}], "summary": {}}""");
    Judge0Outcome o = Judge0Outcome.of(r, true);
    assertThat(o.status().id()).isEqualTo(6);
    assertThat(text(o.compileOutput())).isEqualTo("main.c:1: error: expected ';'\n");
    assertThat(o.time()).isNull();
    assertThat(o.exitCode()).isNull();
    assertThat(o.stdout()).isNull();
  }

  @Test
  void runboxsOwnFailureIsInternalError() throws Exception {
    Judge0Outcome o = Judge0Outcome.of(result("internal_error", test("internal_error", "")), true);
    assertThat(o.status().id()).isEqualTo(13);
    assertThat(Judge0Outcome.internal("engine gone").status().id()).isEqualTo(13);
  }

  @Test
  void nonUtf8OutputIsKeptAsBytes() throws Exception {
    JsonNode r =
        result(
            "accepted",
            """
            {"name": "t", "verdict": "accepted", "exit_status": 0,
             "stdout": {"content": "?", "truncated": false, "encoding": "base64", "content_base64": "/w=="}}""");
    assertThat(Judge0Outcome.of(r, true).stdout()).containsExactly((byte) 0xff);
  }

  private static String run(String verdict, long cpuMs, long memoryBytes, String extra) {
    return """
        {"name": "s0", "verdict": "%s", "stdout": {"content": "x", "truncated": false},
         "usage": {"wall_ms": %d, "cpu_ms": %d, "memory_peak_bytes": %d}%s}"""
        .formatted(verdict, cpuMs * 2, cpuMs, memoryBytes, extra);
  }

  @Test
  void repeatedRunsAverageTimeAndMemoryAndStopAtTheFirstRunNotAccepted() throws Exception {
    JsonNode r =
        JSON.readTree(
            "{\"verdict\": \"wrong_answer\", \"tests\": ["
                + String.join(
                    ",",
                    run("accepted", 10, 1024 * 1024, ""),
                    run("accepted", 30, 3 * 1024 * 1024, ""),
                    run("wrong_answer", 50, 5 * 1024 * 1024, ""),
                    run("accepted", 70, 7 * 1024 * 1024, ""))
                + "]}");

    Judge0Outcome twoRuns = Judge0Outcome.of(r, 0, 2, true);
    assertThat(twoRuns.status()).isEqualTo(Judge0Status.ACCEPTED);
    assertThat(twoRuns.time()).isEqualTo("0.02");
    assertThat(twoRuns.wallTime()).isEqualTo("0.04");
    assertThat(twoRuns.memory()).isEqualTo(2048);

    Judge0Outcome all = Judge0Outcome.of(r, 0, 4, true);
    assertThat(all.status()).isEqualTo(Judge0Status.WRONG_ANSWER);
    assertThat(all.time()).as("the mean of the three runs made").isEqualTo("0.03");

    assertThat(Judge0Outcome.of(r, 3, 1, true).time()).isEqualTo("0.07");
  }

  @Test
  void bashReportsShowASignalAsNzecWith128PlusTheSignal() throws Exception {
    Judge0Outcome segv =
        Judge0Outcome.of(
            result(
                "runtime_error",
                test("runtime_error", ", \"exit_status\": 139, \"signal\": \"SIGSEGV\"")),
            true);
    assertThat(segv.status()).isEqualTo(Judge0Status.SIGSEGV);

    Judge0Outcome bash = segv.asBashReports();
    assertThat(bash.status()).isEqualTo(Judge0Status.NZEC);
    assertThat(bash.exitCode()).isEqualTo(139);
    assertThat(bash.exitSignal()).isNull();
    assertThat(bash.message()).isEqualTo("Exited with error status 139");

    Judge0Outcome memory =
        Judge0Outcome.of(result("runtime_error", test("memory_limit", "")), true).asBashReports();
    assertThat(memory.status()).isEqualTo(Judge0Status.NZEC);
    assertThat(memory.message()).isEqualTo("Exited with error status 137");

    Judge0Outcome tle =
        Judge0Outcome.of(result("time_limit", test("time_limit", ", \"limit\": \"cpu\"")), true);
    assertThat(tle.asBashReports()).isEqualTo(tle);
  }
}
