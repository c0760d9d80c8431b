package dev.runbox.http.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Limit;
import dev.runbox.core.SandboxFile;
import dev.runbox.core.judge.Compare;
import dev.runbox.core.judge.CompareMode;
import dev.runbox.core.judge.JudgeRequest;
import dev.runbox.core.judge.JudgeTest;
import dev.runbox.core.judge.StopPolicy;
import dev.runbox.http.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JudgeBodiesTest {
  private static final String FILES = "\"image\": \"c\", \"files\": {\"main.c\": \"int main(){}\"}";
  private static final String ONE_TEST =
      "\"tests\": [{\"name\": \"t1\", \"stdin\": \"1 2\\n\", \"expected_output\": \"3\\n\"}]";

  private static JudgeRequest read(String json) throws Exception {
    return JudgeBodies.read(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The refusal the server would send for this body: a 400 naming the field. */
  private static Refusal refusal(String json) {
    Exception thrown = null;
    try {
      read(json);
    } catch (Exception e) {
      thrown = e;
    }
    assertThat(thrown).as("refused: " + json).isNotNull();
    Refusal r = Refusal.of(thrown, "a judge body");
    assertThat(r.kind()).isEqualTo(Refusal.Kind.INVALID_REQUEST);
    assertThat(r.message()).doesNotContain("dev.runbox");
    return r;
  }

  private static String body(String... parts) {
    return "{" + String.join(", ", parts) + "}";
  }

  @Test
  void readsTheIssuesExample() throws Exception {
    JudgeRequest r =
        read(
            """
            { "image": "c", "files": {"main.c": "int main(){}"},
              "tests": [ {"name": "sample-1", "stdin": "1 2\\n", "expected_output": "3\\n",
                          "args": ["-v"], "limits": {"time_s": 1, "memory_mib": 64, "cpu_time_s": 0.5}} ],
              "compare": {"mode": "float", "epsilon": 1e-4, "case_sensitive": false},
              "checker": {"image": "python", "files": {"check.py": "print(1)"}, "command": "python3 check.py"},
              "stop": "first_failure",
              "limits": {"compile": {"time_s": 30}, "run": {"memory_mib": 128, "cpu_time_s": 2}} }""");

    JudgeTest t = r.tests().get(0);
    assertThat(r.image()).isEqualTo("c");
    assertThat(r.firstFile()).isEqualTo("main.c");
    assertThat(t.name()).isEqualTo("sample-1");
    assertThat(new String(t.stdin(), StandardCharsets.UTF_8)).isEqualTo("1 2\n");
    assertThat(t.expectedOutput()).contains("3\n");
    assertThat(t.args()).containsExactly("-v");
    assertThat(t.limits().limits()).isEqualTo(Map.of(Limit.TIME_S, 1.0, Limit.MEMORY_MIB, 64.0));
    assertThat(t.limits().cpuTimeSeconds()).hasValue(0.5);
    assertThat(r.compare()).isEqualTo(new Compare(CompareMode.FLOAT, 1e-4, false));
    assertThat(r.checker().orElseThrow().command().line()).isEqualTo("python3 check.py");
    assertThat(r.checker().orElseThrow().files().files()).hasSize(1);
    assertThat(r.stop()).isEqualTo(StopPolicy.FIRST_FAILURE);
    assertThat(r.compileLimits()).isEqualTo(Map.of(Limit.TIME_S, 30.0));
    assertThat(r.runLimits().limits()).isEqualTo(Map.of(Limit.MEMORY_MIB, 128.0));
    assertThat(r.runLimits().cpuTimeSeconds()).hasValue(2.0);
  }

  @Test
  void fillsInTheDefaultsOfWhatIsLeftOut() throws Exception {
    JudgeRequest r = read(body(FILES, "\"tests\": [{\"name\": \"t\", \"expected_output\": \"\"}]"));

    assertThat(r.compare()).isEqualTo(Compare.DEFAULT);
    assertThat(r.stop()).isEqualTo(StopPolicy.NEVER);
    assertThat(r.checker()).isEmpty();
    assertThat(r.compileLimits()).isEmpty();
    assertThat(r.runLimits().limits()).isEmpty();
    assertThat(r.runLimits().cpuTimeSeconds()).isEmpty();
    assertThat(r.tests().get(0).stdin()).isEmpty();
    assertThat(r.tests().get(0).args()).isEmpty();
  }

  @Test
  void takesEachPartOfCompareOnItsOwn() throws Exception {
    assertThat(read(body(FILES, ONE_TEST, "\"compare\": {\"mode\": \"tokens\"}")).compare())
        .isEqualTo(new Compare(CompareMode.TOKENS, 1e-6, true));
    assertThat(read(body(FILES, ONE_TEST, "\"compare\": {\"case_sensitive\": false}")).compare())
        .isEqualTo(new Compare(CompareMode.LINES, 1e-6, false));
  }

  @Test
  void refusesMalformedJson() {
    assertThat(refusal("{\"image\": \"c\",").message()).startsWith("malformed JSON");
  }

  @Test
  void refusesAnEmptyBodyOrOneThatIsNotAnObject() {
    assertThat(refusal("").message()).contains("empty");
    assertThat(refusal("null").message()).contains("JSON object");
    assertThat(refusal("[1]").message()).contains("JSON object");
  }

  @Test
  void refusesAnUnknownFieldNamingItAndTheKnownOnes() {
    Refusal r = refusal(body(FILES, ONE_TEST, "\"compre\": {}"));

    assertThat(r.field()).isEqualTo("compre");
    assertThat(r.message()).contains("unknown field 'compre'").contains("checker").contains("stop");
  }

  @Test
  void refusesAnUnknownFieldInATest() {
    Refusal r = refusal(body(FILES, "\"tests\": [{\"name\": \"t\", \"expected\": \"3\"}]"));

    assertThat(r.field()).isEqualTo("tests[0].expected");
    assertThat(r.message()).contains("expected_output");
  }

  @Test
  void refusesAnUnknownFieldInCompareOrChecker() {
    assertThat(refusal(body(FILES, ONE_TEST, "\"compare\": {\"eps\": 1}")).field())
        .isEqualTo("compare.eps");
    assertThat(
            refusal(body(FILES, ONE_TEST, "\"checker\": {\"image\": \"python\", \"cmd\": \"x\"}"))
                .field())
        .isEqualTo("checker.cmd");
  }

  @Test
  void refusesAValueOfTheWrongType() {
    assertThat(refusal(body(FILES, ONE_TEST, "\"stop\": 1")).message()).contains("a string");
    assertThat(refusal(body(FILES, "\"tests\": {}")).field()).isEqualTo("tests");
    assertThat(refusal(body(FILES, ONE_TEST, "\"compare\": {\"case_sensitive\": \"no\"}")).field())
        .isEqualTo("compare.case_sensitive");
    assertThat(refusal(body(FILES, ONE_TEST, "\"compare\": {\"epsilon\": \"0.1\"}")).field())
        .isEqualTo("compare.epsilon");
  }

  @Test
  void refusesMissingImageFilesOrTests() {
    assertThat(refusal(body("\"files\": {\"a.c\": \"\"}", ONE_TEST)).field()).isEqualTo("image");
    assertThat(refusal(body("\"image\": \"c\"", ONE_TEST)).field()).isEqualTo("files");
    assertThat(refusal(body(FILES)).field()).isEqualTo("tests");
    assertThat(refusal(body(FILES, "\"tests\": []")).message()).contains("at least one");
  }

  @Test
  void refusesANullTestOrANullArg() {
    assertThat(refusal(body(FILES, "\"tests\": [null]")).field()).isEqualTo("tests[0]");
    assertThat(
            refusal(
                    body(
                        FILES,
                        "\"tests\": [{\"name\": \"t\", \"expected_output\": \"\", \"args\": [null]}]"))
                .field())
        .isEqualTo("tests[0].args");
  }

  @Test
  void refusesATestWithoutANameNamingTheTest() {
    Refusal r =
        refusal(
            body(
                FILES,
                "\"tests\": ["
                    + "{\"name\": \"a\", \"expected_output\": \"\"}, {\"expected_output\": \"\"}]"));

    assertThat(r.field()).isEqualTo("tests[1].name");
  }

  @Test
  void refusesTwoTestsOfOneName() {
    Refusal r =
        refusal(
            body(
                FILES,
                "\"tests\": [{\"name\": \"a\", \"expected_output\": \"\"},"
                    + " {\"name\": \"a\", \"expected_output\": \"\"}]"));

    assertThat(r.field()).isEqualTo("tests[1].name");
    assertThat(r.message()).contains("'a' is used twice");
  }

  @Test
  void refusesATestWithoutExpectedOutputWhenThereIsNoChecker() {
    assertThat(refusal(body(FILES, "\"tests\": [{\"name\": \"a\"}]")).field())
        .isEqualTo("tests[0].expected_output");
  }

  @Test
  void refusesTooManyArgsNamingTheTestAndTheBound() {
    String args = String.join(",", java.util.Collections.nCopies(JudgeTest.MAX_ARGS + 1, "\"x\""));
    Refusal r =
        refusal(
            body(
                FILES,
                "\"tests\": [{\"name\": \"a\", \"expected_output\": \"\", \"args\": ["
                    + args
                    + "]}]"));

    assertThat(r.field()).isEqualTo("tests[0].args");
    assertThat(r.message()).contains("at most " + JudgeTest.MAX_ARGS);
  }

  @Test
  void refusesAnUnknownLimitNamingWhereAndTheKnownOnes() {
    Refusal test =
        refusal(
            body(
                FILES,
                "\"tests\": [{\"name\": \"a\", \"expected_output\": \"\", \"limits\": {\"swap_mib\": 1}}]"));
    Refusal run = refusal(body(FILES, ONE_TEST, "\"limits\": {\"run\": {\"swap_mib\": 1}}"));
    Refusal compile =
        refusal(body(FILES, ONE_TEST, "\"limits\": {\"compile\": {\"cpu_time_s\": 1}}"));

    assertThat(test.field()).isEqualTo("tests[0].limits.swap_mib");
    assertThat(test.message()).contains("memory_mib").contains("cpu_time_s");
    assertThat(run.field()).isEqualTo("limits.run.swap_mib");
    assertThat(compile.field()).isEqualTo("limits.compile.cpu_time_s");
    assertThat(compile.message()).contains("applies to tests");
  }

  @Test
  void refusesAnUnknownStageOfLimits() {
    assertThat(refusal(body(FILES, ONE_TEST, "\"limits\": {\"tests\": {}}")).field())
        .isEqualTo("limits.tests");
  }

  @Test
  void refusesANullLimit() {
    assertThat(
            refusal(body(FILES, ONE_TEST, "\"limits\": {\"run\": {\"cpu_time_s\": null}}")).field())
        .isEqualTo("limits.run.cpu_time_s");
    assertThat(refusal(body(FILES, ONE_TEST, "\"limits\": {\"run\": {\"time_s\": null}}")).field())
        .isEqualTo("limits.run.time_s");
  }

  @Test
  void refusesALimitBelowItsMinimumNamingWhere() {
    Refusal r =
        refusal(
            body(
                FILES,
                "\"tests\": [{\"name\": \"a\", \"expected_output\": \"\","
                    + " \"limits\": {\"cpu_time_s\": 0}}]"));

    assertThat(r.field()).isEqualTo("tests[0].limits.cpu_time_s");
    assertThat(r.message()).contains("at least 0.01");
  }

  @Test
  void refusesAnUnknownModeOrStopPolicyOrANegativeEpsilon() {
    assertThat(refusal(body(FILES, ONE_TEST, "\"compare\": {\"mode\": \"fuzzy\"}")).field())
        .isEqualTo("compare.mode");
    assertThat(refusal(body(FILES, ONE_TEST, "\"stop\": \"later\"")).field()).isEqualTo("stop");
    assertThat(refusal(body(FILES, ONE_TEST, "\"compare\": {\"epsilon\": -1}")).field())
        .isEqualTo("compare.epsilon");
  }

  @Test
  void refusesABadCheckerNamingTheCheckersField() {
    assertThat(refusal(body(FILES, ONE_TEST, "\"checker\": {\"command\": \"x\"}")).field())
        .isEqualTo("checker.image");
    assertThat(refusal(body(FILES, ONE_TEST, "\"checker\": {\"image\": \"python\"}")).field())
        .isEqualTo("checker.command");
    assertThat(
            refusal(
                    body(
                        FILES,
                        ONE_TEST,
                        "\"checker\": {\"image\": \"python\", \"command\": \" \"}"))
                .field())
        .isEqualTo("checker.command");
    assertThat(
            refusal(
                    body(
                        FILES,
                        ONE_TEST,
                        "\"checker\": {\"image\": \"python\", \"command\": \"x\","
                            + " \"files\": {\"../x\": \"\"}}"))
                .field())
        .isEqualTo("checker.files");
  }

  @Test
  void refusesAnUnsafeFilePath() {
    assertThat(refusal(body("\"image\": \"c\", \"files\": {\"/etc/x\": \"\"}", ONE_TEST)).field())
        .isEqualTo("files");
  }

  @Test
  void takesBinaryFilesInFilesBase64AfterTheTextFiles() throws Exception {
    JudgeRequest r =
        read(
            body(
                FILES,
                "\"files_base64\": {\"data.bin\": \"AAH/\", \"lib/table.txt\": \"aGk=\"}",
                ONE_TEST));

    assertThat(r.firstFile()).isEqualTo("main.c");
    assertThat(r.files().files())
        .extracting(SandboxFile::path)
        .containsExactly("main.c", "data.bin", "lib/table.txt");
    assertThat(r.files().files().get(1).content()).isEqualTo(new byte[] {0, 1, (byte) 0xff});
    assertThat(r.files().files().get(2).content()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
    assertThat(r.files().files()).noneMatch(SandboxFile::executable);
  }

  @Test
  void aProgramMayComeInFilesBase64Alone() throws Exception {
    JudgeRequest r =
        read(body("\"image\": \"c\", \"files_base64\": {\"main.c\": \"aW50\"}", ONE_TEST));

    assertThat(r.firstFile()).isEqualTo("main.c");
    assertThat(r.files().files().get(0).content())
        .isEqualTo("int".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void refusesBadBase64ANameInBothMapsAndAnUnsafePathInFilesBase64() {
    Refusal bad = refusal(body(FILES, "\"files_base64\": {\"d.bin\": \"not base64!\"}", ONE_TEST));
    assertThat(bad.field()).isEqualTo("files_base64");
    assertThat(bad.message()).contains("'d.bin'").contains("not valid base64");
    assertThat(refusal(body(FILES, "\"files_base64\": {\"main.c\": \"aW50\"}", ONE_TEST)).message())
        .contains("duplicate file name: 'main.c'");
    assertThat(refusal(body(FILES, "\"files_base64\": {\"../x\": \"aW50\"}", ONE_TEST)).message())
        .contains("'..'");
    assertThat(refusal(body(FILES, "\"files_base64\": {\"x\": null}", ONE_TEST)).message())
        .contains("null");
  }

  @Test
  void refusesDuplicateKeys() {
    assertThat(refusal(body(FILES, ONE_TEST, "\"stop\": \"never\", \"stop\": \"never\"")).message())
        .containsIgnoringCase("duplicate");
  }

  @Test
  void aRefusalOfACoreRuleIsAnInvalidRequest() {
    assertThatThrownBy(() -> read(body(FILES, "\"tests\": []")))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void keepsTheTestsInRequestOrder() throws Exception {
    JudgeRequest r =
        read(
            body(
                FILES,
                "\"tests\": [{\"name\": \"b\", \"expected_output\": \"\"},"
                    + " {\"name\": \"a\", \"expected_output\": \"\"}]"));

    assertThat(r.tests()).extracting(JudgeTest::name).isEqualTo(List.of("b", "a"));
  }
}
