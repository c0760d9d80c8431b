package dev.runbox.http.piston;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.runbox.core.RunResult;
import dev.runbox.core.Signals;
import dev.runbox.http.UsageBody;

/**
 * The answer of Piston's execute: the runtime, and a stage for compiling (compiled languages only)
 * and one for running (absent when compiling failed, as in Piston).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PistonResult(
    @JsonProperty("language") String language,
    @JsonProperty("version") String version,
    @JsonProperty("run") Stage run,
    @JsonProperty("compile") Stage compile) {

  /** Why runbox stopped the job after compiling although the compile succeeded, when it did. */
  java.util.Optional<String> stopped() {
    return run == null && compile != null && "XX".equals(compile.status())
        ? java.util.Optional.of(compile.message())
        : java.util.Optional.empty();
  }

  /**
   * One stage as Piston reports it. {@code output} is stdout then stderr (runbox keeps the streams
   * apart, so their interleaving is lost). {@code status}: TO timed out, SG killed by a signal,
   * OL/EL stdout/stderr cut at the output limit, RE non-zero exit, XX runbox could not go on.
   */
  record Stage(
      @JsonProperty("stdout") String stdout,
      @JsonProperty("stderr") String stderr,
      @JsonProperty("output") String output,
      @JsonProperty("code") int code,
      @JsonProperty("signal") String signal,
      @JsonProperty("status") String status,
      @JsonProperty("message") String message,
      @JsonProperty("cpu_time") Long cpuTime,
      @JsonProperty("wall_time") Long wallTime,
      @JsonProperty("memory") Long memory) {

    static Stage of(RunResult r) {
      String signal = PistonResult.signal(r);
      String status =
          r.timedOut()
              ? "TO"
              : signal != null
                  ? "SG"
                  : r.stdout().truncated()
                      ? "OL"
                      : r.stderr().truncated() ? "EL" : r.exitStatus() != 0 ? "RE" : null;
      UsageBody usage = UsageBody.of(r.usage());
      return new Stage(
          r.stdout().text(),
          r.stderr().text(),
          r.stdout().text() + r.stderr().text(),
          r.exitStatus(),
          signal,
          status,
          message(r, status, signal),
          usage.cpuMs(),
          usage.wallMs(),
          usage.memoryPeakBytes());
    }

    /** This stage marked as the end of the request because runbox could not go on, and why. */
    Stage stoppedBecause(String why) {
      return new Stage(stdout, stderr, output, code, signal, "XX", why, cpuTime, wallTime, memory);
    }

    private static String message(RunResult r, String status, String signal) {
      if (status == null) {
        return null;
      }
      return switch (status) {
        case "TO" -> "Time limit exceeded (" + r.timeout().apiName() + " timer)";
        case "SG" -> r.oomKilled() ? "Out of memory: killed by " + signal : "Killed by " + signal;
        case "OL" -> "stdout length exceeded";
        case "EL" -> "stderr length exceeded";
        default -> null;
      };
    }
  }

  /**
   * The signal that ended the program, read from the shell's exit status 128+n; a timer's stop is
   * SIGTERM (the inner {@code timeout}, exit 124) or SIGKILL. Null when it exited by itself.
   */
  static String signal(RunResult r) {
    if (r.timedOut()) {
      return r.exitStatus() == 124 ? "SIGTERM" : "SIGKILL";
    }
    if (r.oomKilled()) {
      return "SIGKILL";
    }
    return Signals.standard(r.exitStatus()).orElse(null);
  }
}
