package dev.runbox.core.judge;

import dev.runbox.core.Limits;
import dev.runbox.core.Program;
import java.util.List;

/**
 * A judge request checked against the policy and the image, before anything runs.
 *
 * @param program how the image compiles and runs the submission
 * @param compile the compile stage's limits
 * @param tests each test's limits, in request order
 */
public record JudgePlan(JudgeRequest request, Program program, Limits compile, List<Budget> tests) {
  public JudgePlan {
    tests = List.copyOf(tests);
    if (tests.size() != request.tests().size()) {
      throw new IllegalArgumentException(
          tests.size() + " budgets for " + request.tests().size() + " tests");
    }
  }
}
