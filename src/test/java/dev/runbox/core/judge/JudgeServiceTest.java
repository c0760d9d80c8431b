package dev.runbox.core.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.AdmissionGate;
import dev.runbox.core.Command;
import dev.runbox.core.FakeSandbox;
import dev.runbox.core.FileSet;
import dev.runbox.core.ImageCatalog;
import dev.runbox.core.ImageSpec;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Limits;
import dev.runbox.core.Program;
import dev.runbox.core.RunPolicy;
import dev.runbox.core.SandboxFile;
import dev.runbox.core.TrafficLightRules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The judge's flow over a sandbox that runs nothing: compile once, tests, stop policy, refusals.
 */
class JudgeServiceTest {
  private static final Limits MAX = new Limits(120, 4096, 2, 1024, 1024, 1024, 4096);
  private static final Limits DEFAULTS = new Limits(10, 128, 1, 128, 64, 50, 256);
  private static final ImageSpec C =
      new ImageSpec(
          "c",
          "runbox/c:latest",
          "make",
          DEFAULTS,
          TrafficLightRules.none("none"),
          Map.of(),
          Optional.of(new Program("cc {file}", "./a.out")));
  private static final ImageSpec PY =
      new ImageSpec(
          "python",
          "runbox/python:latest",
          "pytest",
          DEFAULTS,
          TrafficLightRules.none("none"),
          Map.of(),
          Optional.of(Program.interpreted("python3 {file}")));
  private static final ImageCatalog CATALOG =
      new ImageCatalog() {
        @Override
        public Optional<ImageSpec> find(String name) {
          return all().stream().filter(i -> i.name().equals(name)).findFirst();
        }

        @Override
        public List<ImageSpec> all() {
          return List.of(C, PY);
        }
      };

  private final FakeSandbox sandbox = new FakeSandbox();
  private final AtomicInteger ids = new AtomicInteger();
  private final JudgeService judges =
      new JudgeService(
          CATALOG,
          sandbox,
          JudgePolicy.of(new RunPolicy(MAX, 10, 1024 * 1024)),
          new AdmissionGate(1, 0, Duration.ZERO),
          () -> "judge-" + ids.incrementAndGet());

  private static JudgeRequest request(
      String image, String file, List<JudgeTest> tests, StopPolicy stop, Optional<Checker> c) {
    return new JudgeRequest(
        image,
        new FileSet(List.of(new SandboxFile(file, "x".getBytes(StandardCharsets.UTF_8), false))),
        tests,
        Compare.DEFAULT,
        c,
        stop,
        Map.of(),
        TestLimits.NONE);
  }

  private static JudgeTest test(String name, String expected) {
    return new JudgeTest(name, new byte[0], Optional.of(expected), List.of(), TestLimits.NONE);
  }

  @Test
  void compilesOnceThenRunsEveryTestInOneSessionAndClosesIt() {
    sandbox.program("cc 'main.c'", FakeSandbox.Program.prints(""));
    sandbox.program("./a.out", FakeSandbox.Program.prints("3\n"));

    JudgeResult r =
        judges.judge(
            request(
                "c",
                "main.c",
                List.of(test("a", "3"), test("b", "4"), test("c", "3")),
                StopPolicy.NEVER,
                Optional.empty()));

    assertThat(r.verdict()).isEqualTo(Verdict.WRONG_ANSWER);
    assertThat(r.tests())
        .extracting(TestResult::verdict)
        .containsExactly(Verdict.ACCEPTED, Verdict.WRONG_ANSWER, Verdict.ACCEPTED);
    assertThat(r.compile()).isPresent();
    assertThat(sandbox.jobs())
        .extracting(j -> j.command())
        .containsExactly("cc 'main.c'", "./a.out", "./a.out", "./a.out");
    assertThat(sandbox.jobs().get(1).files().files())
        .as("the compiled state is the session's")
        .isEmpty();
    assertThat(sandbox.sessions()).containsExactly("judge-1");
    assertThat(sandbox.openSessions()).isZero();
  }

  @Test
  void aFailedCompileSkipsEveryTestAndRunsNone() {
    sandbox.program(
        "cc 'main.c'",
        new FakeSandbox.Program("", "main.c:1: error", 1, false, Map.of(), Duration.ZERO));

    JudgeResult r =
        judges.judge(
            request(
                "c",
                "main.c",
                List.of(test("a", "3"), test("b", "3")),
                StopPolicy.NEVER,
                Optional.empty()));

    assertThat(r.verdict()).isEqualTo(Verdict.COMPILE_ERROR);
    assertThat(r.compile().orElseThrow().stderr().text()).contains("error");
    assertThat(r.tests()).extracting(TestResult::verdict).containsOnly(Verdict.SKIPPED);
    assertThat(sandbox.jobs()).hasSize(1);
  }

  @Test
  void stopsAtTheFirstFailureWhenAskedAndSendsEachTestItsFilesWithoutACompile() {
    sandbox.program("python3 'main.py'", FakeSandbox.Program.prints("1\n"));

    JudgeResult r =
        judges.judge(
            request(
                "python",
                "main.py",
                List.of(test("a", "1"), test("b", "2"), test("c", "1")),
                StopPolicy.FIRST_FAILURE,
                Optional.empty()));

    assertThat(r.tests())
        .extracting(TestResult::verdict)
        .containsExactly(Verdict.ACCEPTED, Verdict.WRONG_ANSWER, Verdict.SKIPPED);
    assertThat(r.compile()).isEmpty();
    assertThat(sandbox.jobs()).hasSize(2);
    assertThat(sandbox.jobs().get(0).files().files())
        .extracting(SandboxFile::path)
        .containsExactly("main.py");
  }

  @Test
  void refusesAnUnknownCheckerImageAndACheckerFileNamedLikeItsInputs() {
    Checker unknown = new Checker("cobol", new FileSet(List.of()), new Command.Shell("check"));
    Checker clash =
        new Checker(
            "python",
            new FileSet(List.of(new SandboxFile("answer.txt", new byte[0], false))),
            new Command.Shell("python3 check.py"));

    assertThatThrownBy(
            () ->
                judges.prepare(
                    request(
                        "python",
                        "main.py",
                        List.of(test("a", "1")),
                        StopPolicy.NEVER,
                        Optional.of(unknown))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("unknown checker image 'cobol'");
    assertThatThrownBy(
            () ->
                judges.prepare(
                    request(
                        "python",
                        "main.py",
                        List.of(test("a", "1")),
                        StopPolicy.NEVER,
                        Optional.of(clash))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("answer.txt");
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void aCheckerJudgesInASessionOfItsOwnWithTheThreeFilesInTestlibOrder() {
    sandbox.program("python3 'main.py'", FakeSandbox.Program.prints("1\n"));
    sandbox.program(
        "python3 check.py input.txt output.txt answer.txt",
        new FakeSandbox.Program("", "fine", 0, false, Map.of(), Duration.ZERO));
    Checker checker =
        new Checker(
            "python",
            new FileSet(List.of(new SandboxFile("check.py", new byte[0], false))),
            new Command.Shell("python3 check.py"));

    JudgeResult r =
        judges.judge(
            request(
                "python",
                "main.py",
                List.of(test("a", "9")),
                StopPolicy.NEVER,
                Optional.of(checker)));

    assertThat(r.verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(r.tests().get(0).checkerMessage()).contains("fine");
    assertThat(sandbox.sessions()).containsExactly("judge-1", "judge-1-checker");
    assertThat(sandbox.jobs().get(1).files().files())
        .extracting(SandboxFile::path)
        .containsExactly("check.py", "input.txt", "output.txt", "answer.txt");
    assertThat(sandbox.openSessions()).isZero();
  }
}
