package dev.runbox.core.judge;

import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Limit;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The limits a judge request changes for running tests: those of {@code /v1/runs}, and {@code
 * cpu_time_s}, the CPU seconds a test's program may use (a fraction allowed). Each value is checked
 * here against its smallest sensible value; against the service's maximum by the {@link
 * JudgePolicy}. A refusal names the limit alone; the caller says whose limits they are.
 *
 * @param limits the {@code /v1/runs} limits, each to override the one below it
 * @param cpuTimeSeconds the CPU time limit; empty to keep the one below it
 */
public record TestLimits(Map<Limit, Double> limits, OptionalDouble cpuTimeSeconds) {
  /** The API name of the CPU time limit. */
  public static final String CPU_TIME_S = "cpu_time_s";

  /** The smallest CPU time limit, in seconds: the kernel counts CPU time in ticks. */
  public static final double MIN_CPU_TIME_S = 0.01;

  public static final TestLimits NONE = new TestLimits(Map.of(), OptionalDouble.empty());

  public TestLimits {
    limits = Map.copyOf(limits);
    limits.forEach(
        (limit, value) ->
            limit
                .problemWith(value)
                .ifPresent(
                    p -> {
                      throw new InvalidRequestException(limit.apiName(), p);
                    }));
    cpuTimeSeconds.ifPresent(
        s -> {
          if (!(s >= MIN_CPU_TIME_S) || Double.isInfinite(s)) {
            throw new InvalidRequestException(
                CPU_TIME_S,
                CPU_TIME_S
                    + " must be a finite number of at least "
                    + MIN_CPU_TIME_S
                    + ", got "
                    + s);
          }
        });
  }
}
