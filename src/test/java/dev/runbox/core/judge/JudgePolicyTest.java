package dev.runbox.core.judge;

import static dev.runbox.core.judge.Requests.C;
import static dev.runbox.core.judge.Requests.RUNS;
import static dev.runbox.core.judge.Requests.cpu;
import static dev.runbox.core.judge.Requests.limits;
import static dev.runbox.core.judge.Requests.request;
import static dev.runbox.core.judge.Requests.test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.Command;
import dev.runbox.core.FileSet;
import dev.runbox.core.ImageSpec;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Limit;
import dev.runbox.core.SandboxFile;
import dev.runbox.core.TrafficLightRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class JudgePolicyTest {
  private final JudgePolicy policy = new JudgePolicy(RUNS, 3, 100);

  private static AbstractThrowableAssert<?, ? extends Throwable> refused(Runnable r, String field) {
    return assertThatThrownBy(r::run)
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo(field));
  }

  private static List<JudgeTest> tests(int n) {
    List<JudgeTest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(test("t" + i));
    }
    return out;
  }

  @Test
  void theDefaultsAreFiveHundredTestsAndSixteenMebibytesOfInput() {
    assertThat(JudgePolicy.of(RUNS).maxTests()).isEqualTo(500);
    assertThat(JudgePolicy.of(RUNS).maxInputBytes()).isEqualTo(8 << 20);
  }

  @Test
  void refusesMoreTestsThanTheBoundNamingIt() {
    policy.plan(C, request(tests(3)));

    refused(() -> policy.plan(C, request(tests(4))), "tests")
        .hasMessageContaining("4 tests sent; at most 3 are accepted (max_tests)");
  }

  @Test
  void refusesMoreInputBytesThanTheBoundNamingIt() {
    JudgeTest big =
        new JudgeTest("big", new byte[60], Optional.of("x".repeat(41)), List.of(), TestLimits.NONE);

    refused(() -> policy.plan(C, request(List.of(big))), "tests")
        .hasMessageContaining("101 bytes of test input")
        .hasMessageContaining("at most 100");
  }

  @Test
  void refusesMoreFilesThanTheRunPolicyAdmits() {
    List<SandboxFile> many = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      many.add(new SandboxFile("f" + i + ".c", new byte[1], false));
    }
    JudgeRequest r =
        new JudgeRequest(
            "c",
            new FileSet(many),
            tests(1),
            Compare.DEFAULT,
            Optional.empty(),
            StopPolicy.NEVER,
            Map.of(),
            TestLimits.NONE);

    refused(() -> policy.plan(C, r), "files").hasMessageContaining("at most 10");
  }

  @Test
  void refusesACheckerWithMoreFilesThanTheRunPolicyAdmits() {
    List<SandboxFile> many = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      many.add(new SandboxFile("f" + i + ".py", new byte[1], false));
    }
    Checker checker = new Checker("python", new FileSet(many), new Command.Shell("python3 f0.py"));
    JudgeRequest r =
        new JudgeRequest(
            "c",
            Requests.MAIN_C,
            tests(1),
            Compare.DEFAULT,
            Optional.of(checker),
            StopPolicy.NEVER,
            Map.of(),
            TestLimits.NONE);

    refused(() -> policy.plan(C, r), "checker.files").hasMessageContaining("checker:");
  }

  @Test
  void refusesAnImageWithoutAProgram() {
    ImageSpec none =
        new ImageSpec(
            "tiny", "runbox/tiny:latest", "true", Requests.DEFAULTS, TrafficLightRules.none("t"));

    refused(() -> policy.plan(none, request(tests(1))), "image")
        .hasMessageContaining("'tiny' has no program");
  }

  @Test
  void resolvesEachTestsLimitsOverTheRunsOverTheImages() {
    JudgeRequest r =
        request(
            List.of(
                test("a"), test("b", limits(Map.of(Limit.MEMORY_MIB, 64.0, Limit.TIME_S, 2.0)))),
            Map.of(Limit.TIME_S, 30.0),
            new TestLimits(Map.of(Limit.MEMORY_MIB, 128.0), OptionalDouble.of(1.5)));

    JudgePlan plan = policy.plan(C, r);

    assertThat(plan.compile().timeSeconds()).isEqualTo(30);
    assertThat(plan.compile().memoryMib()).isEqualTo(256);
    assertThat(plan.tests().get(0).limits().memoryMib()).isEqualTo(128);
    assertThat(plan.tests().get(0).limits().timeSeconds()).isEqualTo(10);
    assertThat(plan.tests().get(0).cpuTime()).contains(Duration.ofMillis(1500));
    assertThat(plan.tests().get(1).limits().memoryMib()).isEqualTo(64);
    assertThat(plan.tests().get(1).limits().timeSeconds()).isEqualTo(2);
    assertThat(plan.tests().get(1).cpuTime()).contains(Duration.ofMillis(1500));
    assertThat(plan.program().compileTemplate()).isPresent();
  }

  @Test
  void aTestsCpuTimeWinsOverTheRuns() {
    JudgePlan plan =
        policy.plan(C, request(List.of(test("a", cpu(0.25))), Map.of(), Requests.cpu(2)));

    assertThat(plan.tests().get(0).cpuTime()).contains(Duration.ofMillis(250));
  }

  @Test
  void aTestWithoutCpuTimeHasNoCpuLimit() {
    assertThat(policy.plan(C, request(tests(1))).tests().get(0).cpuTime()).isEmpty();
  }

  @Test
  void refusesATestLimitAboveTheMaximumNamingTheTestTheLimitAndTheMaximum() {
    JudgeRequest r =
        request(List.of(test("a"), test("b", limits(Map.of(Limit.MEMORY_MIB, 8192.0)))));

    refused(() -> policy.plan(C, r), "tests[1].limits.memory_mib")
        .hasMessage("tests[1].limits.memory_mib 8192 is above the maximum 4096");
  }

  @Test
  void refusesARunLimitAboveTheMaximumNamingIt() {
    JudgeRequest r = request(tests(1), Map.of(), limits(Map.of(Limit.TIME_S, 121.0)));

    refused(() -> policy.plan(C, r), "limits.run.time_s")
        .hasMessage("limits.run.time_s 121 is above the maximum 120");
  }

  @Test
  void refusesACompileLimitAboveTheMaximumNamingIt() {
    JudgeRequest r = request(tests(1), Map.of(Limit.PIDS, 5000.0), TestLimits.NONE);

    refused(() -> policy.plan(C, r), "limits.compile.pids")
        .hasMessage("limits.compile.pids 5000 is above the maximum 1024");
  }

  @Test
  void refusesAFractionOfAWholeNumberLimit() {
    JudgeRequest r = request(tests(1), Map.of(Limit.TIME_S, 1.5), TestLimits.NONE);

    refused(() -> policy.plan(C, r), "limits.compile.time_s").hasMessageContaining("whole number");
    refused(() -> limits(Map.of(Limit.TIME_S, 1.5)), "time_s").hasMessageContaining("whole number");
  }

  @Test
  void refusesACpuTimeAboveTheMaximumTimeNamingIt() {
    JudgeRequest r = request(List.of(test("a", cpu(121))));

    refused(() -> policy.plan(C, r), "tests[0].limits.cpu_time_s")
        .hasMessageContaining("cpu_time_s 121 is above the maximum 120");
    refused(() -> policy.plan(C, request(tests(1), Map.of(), cpu(200.5))), "limits.run.cpu_time_s")
        .hasMessageContaining("200.5");
  }

  @Test
  void refusesFilesThatCannotFitTheCompileStagesDisk() {
    JudgeRequest r =
        new JudgeRequest(
            "c",
            new FileSet(List.of(new SandboxFile("main.c", new byte[(1 << 20) + 1], false))),
            tests(1),
            Compare.DEFAULT,
            Optional.empty(),
            StopPolicy.NEVER,
            Map.of(Limit.DISK_MIB, 1.0),
            TestLimits.NONE);

    refused(
            () ->
                new JudgePolicy(
                        new dev.runbox.core.RunPolicy(Requests.MAXIMUM, 10, 1 << 21), 3, 100)
                    .plan(C, r),
            "files")
        .hasMessageContaining("disk_mib 1");
  }
}
