package dev.runbox.core.judge;

import dev.runbox.core.Limits;
import java.time.Duration;
import java.util.Optional;

/**
 * The limits one test runs under, resolved and checked: the image's defaults, then the request's
 * {@code limits.run}, then the test's own.
 *
 * @param cpuTime the CPU time the program may use; empty when no one set {@code cpu_time_s} (then
 *     only the wall-clock limit applies)
 */
public record Budget(Limits limits, Optional<Duration> cpuTime) {}
