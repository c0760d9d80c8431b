package dev.runbox.core.judge;

import dev.runbox.core.Usage;
import java.util.List;

/**
 * The tests of a submission counted, and the most any of them used; a maximum is {@link
 * Usage#UNKNOWN} when no test that ran measured it.
 *
 * @param failed tests that ran and did not pass, internal errors included
 */
public record Summary(
    int passed,
    int failed,
    int skipped,
    int total,
    long maxWallMs,
    long maxCpuMs,
    long maxMemoryBytes) {
  public Summary {
    if (passed < 0 || failed < 0 || skipped < 0 || passed + failed + skipped != total) {
      throw new IllegalArgumentException(
          "passed " + passed + " + failed " + failed + " + skipped " + skipped + " != " + total);
    }
  }

  public static Summary of(List<TestResult> tests) {
    int passed = 0;
    int skipped = 0;
    long wall = Usage.UNKNOWN;
    long cpu = Usage.UNKNOWN;
    long memory = Usage.UNKNOWN;
    for (TestResult t : tests) {
      passed += t.verdict() == Verdict.ACCEPTED ? 1 : 0;
      skipped += t.verdict() == Verdict.SKIPPED ? 1 : 0;
      if (t.usage().isPresent()) {
        Usage u = t.usage().get();
        wall = Math.max(wall, u.wallMs());
        cpu = Math.max(cpu, u.cpuMs());
        memory = Math.max(memory, u.memoryPeakBytes());
      }
    }
    return new Summary(
        passed, tests.size() - passed - skipped, skipped, tests.size(), wall, cpu, memory);
  }
}
