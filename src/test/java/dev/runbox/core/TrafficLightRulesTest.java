package dev.runbox.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TrafficLightRulesTest {
  private static final TrafficLightRules PYTEST =
      new TrafficLightRules(
          "python@test",
          List.of(
              new TrafficLightRule(
                  Outcome.GREEN,
                  Set.of(0),
                  Optional.of(Pattern.compile("\\d+ passed")),
                  Optional.empty(),
                  Optional.empty()),
              new TrafficLightRule(
                  Outcome.RED,
                  Set.of(1),
                  Optional.of(Pattern.compile("\\d+ failed")),
                  Optional.empty(),
                  Optional.empty()),
              new TrafficLightRule(
                  Outcome.AMBER,
                  Set.of(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.of(Pattern.compile("SyntaxError")))));

  private static SandboxResult result(String out, String err, int status, Timeout timeout) {
    return new SandboxResult(
        new CapturedBytes(out.getBytes(StandardCharsets.UTF_8), false),
        new CapturedBytes(err.getBytes(StandardCharsets.UTF_8), false),
        status,
        timeout,
        false,
        List.of(),
        true,
        new Usage(1, 1, 1));
  }

  @Test
  void classifiesByTheFirstRuleWhoseConditionsAllHold() {
    assertThat(PYTEST.classify(result("3 passed", "", 0, Timeout.NONE))).isEqualTo(Outcome.GREEN);
    assertThat(PYTEST.classify(result("1 failed, 2 passed", "", 1, Timeout.NONE)))
        .isEqualTo(Outcome.RED);
    assertThat(PYTEST.classify(result("", "SyntaxError: invalid", 2, Timeout.NONE)))
        .isEqualTo(Outcome.AMBER);
  }

  @Test
  void aFakeGreenSummaryFollowedByACrashIsNotGreen() {
    assertThat(PYTEST.classify(result("3 passed", "Segmentation fault", 139, Timeout.NONE)))
        .isEqualTo(Outcome.FAULTY);
  }

  @Test
  void aTimedOutRunIsTimedOutWhateverItPrinted() {
    assertThat(PYTEST.classify(result("3 passed", "", 124, Timeout.INNER)))
        .isEqualTo(Outcome.TIMED_OUT);
    assertThat(PYTEST.classify(result("", "", 137, Timeout.OUTER))).isEqualTo(Outcome.TIMED_OUT);
  }

  @Test
  void anImageWithoutRulesGivesCompleted() {
    assertThat(TrafficLightRules.none("tiny").classify(result("hello", "", 0, Timeout.NONE)))
        .isEqualTo(Outcome.COMPLETED);
  }

  @Test
  void outputMatchingNoRuleIsFaulty() {
    assertThat(PYTEST.classify(result("nothing", "", 5, Timeout.NONE))).isEqualTo(Outcome.FAULTY);
  }
}
