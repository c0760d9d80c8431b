package dev.runbox.core.judge;

import dev.runbox.core.FileSet;
import dev.runbox.core.ImageSpec;
import dev.runbox.core.Limit;
import dev.runbox.core.Limits;
import dev.runbox.core.Program;
import dev.runbox.core.RunPolicy;
import dev.runbox.core.SandboxFile;
import dev.runbox.core.TrafficLightRules;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Requests, images and policies for the judge tests. */
final class Requests {
  static final Limits DEFAULTS = new Limits(10, 256, 1, 64, 64, 50, 256);
  static final Limits MAXIMUM = new Limits(120, 4096, 2, 1024, 1024, 1024, 4096);
  static final RunPolicy RUNS = new RunPolicy(MAXIMUM, 10, 1 << 20);
  static final FileSet MAIN_C =
      new FileSet(List.of(new SandboxFile("main.c", "int main(){}".getBytes(), false)));
  static final ImageSpec C =
      new ImageSpec(
          "c",
          "runbox/c:latest",
          "make",
          DEFAULTS,
          TrafficLightRules.none("c"),
          Map.of(),
          Optional.of(new Program("gcc -o .runbox-prog *.c", "./.runbox-prog")));

  private Requests() {}

  static JudgeTest test(String name) {
    return test(name, TestLimits.NONE);
  }

  static JudgeTest test(String name, TestLimits limits) {
    return new JudgeTest(
        name, "1 2\n".getBytes(StandardCharsets.UTF_8), Optional.of("3\n"), List.of(), limits);
  }

  static TestLimits limits(Map<Limit, Double> limits) {
    return new TestLimits(limits, OptionalDouble.empty());
  }

  static TestLimits cpu(double seconds) {
    return new TestLimits(Map.of(), OptionalDouble.of(seconds));
  }

  static JudgeRequest request(List<JudgeTest> tests) {
    return request(tests, Map.of(), TestLimits.NONE);
  }

  static JudgeRequest request(List<JudgeTest> tests, Map<Limit, Double> compile, TestLimits run) {
    return new JudgeRequest(
        "c", MAIN_C, tests, Compare.DEFAULT, Optional.empty(), StopPolicy.NEVER, compile, run);
  }
}
