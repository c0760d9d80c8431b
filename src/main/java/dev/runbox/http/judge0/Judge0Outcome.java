package dev.runbox.http.judge0;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What a submission's job came to, in Judge0's terms: the status (In Queue and Processing while the
 * job waits and runs), the program's output, the compiler's, the message and the usage. Mapped from
 * the judge result of its one test:
 *
 * <ul>
 *   <li>accepted 3; wrong answer 4 (3 when no expected output was sent: the program ran cleanly);
 *   <li>time limit 5, {@code Time limit exceeded} (CPU) or {@code Time limit exceeded (wall
 *       clock)};
 *   <li>compile error 6 with the compiler's output;
 *   <li>a signal 7 to 10 or 12 by Judge0's table with {@code exit_signal}; a non-zero status 11
 *       with {@code Exited with error status N};
 *   <li>memory limit 12 with {@code Memory limit exceeded}; output limit 8 (SIGXFSZ, as the file
 *       size limit that caps Judge0's output);
 *   <li>internal error, or a job runbox failed or that was cancelled: 13.
 * </ul>
 *
 * @param stdout the program's output; null when it printed nothing (as Judge0)
 * @param time CPU seconds as Judge0's decimal text; null where not measured
 */
record Judge0Outcome(
    Judge0Status status,
    byte[] stdout,
    byte[] stderr,
    byte[] compileOutput,
    String message,
    Integer exitCode,
    Integer exitSignal,
    String time,
    String wallTime,
    Integer memory) {

  static Judge0Outcome waiting(Judge0Status status) {
    return new Judge0Outcome(status, null, null, null, null, null, null, null, null, null);
  }

  static Judge0Outcome internal(String message) {
    return new Judge0Outcome(
        Judge0Status.INTERNAL_ERROR, null, null, null, message, null, null, null, null, null);
  }

  /**
   * The outcome of a submission judged as {@code runs} tests from {@code first} on in a judge
   * result (the body {@code /v1/judge} answers), as Judge0's {@code number_of_runs} is: the first
   * run that is not accepted, else the last; time and memory the mean of the runs up to it.
   */
  static Judge0Outcome of(JsonNode result, int first, int runs, boolean expectedOutputSent) {
    Judge0Outcome last = null;
    long cpu = 0;
    long wall = 0;
    long memory = 0;
    int seen = 0;
    boolean timed = true;
    boolean walled = true;
    boolean measured = true;
    for (int r = 0; r < runs; r++) {
      last = of(result, first + r, expectedOutputSent);
      seen++;
      timed &= last.time() != null;
      walled &= last.wallTime() != null;
      measured &= last.memory() != null;
      JsonNode usage = result.path("tests").path(first + r).path("usage");
      cpu += usage.path("cpu_ms").asLong();
      wall += usage.path("wall_ms").asLong();
      memory += last.memory() == null ? 0 : last.memory();
      if (last.status() != Judge0Status.ACCEPTED) {
        break;
      }
    }
    if (runs == 1 || last.status() == Judge0Status.COMPILATION_ERROR) {
      return last;
    }
    return new Judge0Outcome(
        last.status(),
        last.stdout(),
        last.stderr(),
        last.compileOutput(),
        last.message(),
        last.exitCode(),
        last.exitSignal(),
        timed ? Decimals.seconds(cpu / seen) : null,
        walled ? Decimals.seconds(wall / seen) : null,
        measured ? (int) (memory / seen) : null);
  }

  /**
   * As Judge0 actually reports a signalled program: its run script's shell outlives the program and
   * exits with 128 + the signal, so the status is Runtime Error (NZEC) with {@code Exited with
   * error status 128+N} and no {@code exit_signal} (a memory kill: 137).
   */
  Judge0Outcome asBashReports() {
    if (exitSignal == null || status == Judge0Status.TIME_LIMIT_EXCEEDED) {
      return this;
    }
    int code = 128 + exitSignal;
    return new Judge0Outcome(
        Judge0Status.NZEC,
        stdout,
        stderr,
        compileOutput,
        "Exited with error status " + code,
        code,
        null,
        time,
        wallTime,
        memory);
  }

  /** The outcome of a judge result of one test. */
  static Judge0Outcome of(JsonNode result, boolean expectedOutputSent) {
    return of(result, 0, expectedOutputSent);
  }

  /** The outcome of test {@code index} in a judge result (the body {@code /v1/judge} answers). */
  static Judge0Outcome of(JsonNode result, int index, boolean expectedOutputSent) {
    JsonNode compile = result.path("compile");
    byte[] compileOutput =
        compile.isObject()
            ? concat(bytes(compile.path("stdout")), bytes(compile.path("stderr")))
            : null;
    if (result.path("verdict").asText().equals("compile_error")) {
      return new Judge0Outcome(
          Judge0Status.COMPILATION_ERROR,
          null,
          null,
          compileOutput,
          null,
          null,
          null,
          null,
          null,
          null);
    }
    JsonNode test = result.path("tests").path(index);
    String verdict = test.path("verdict").asText(result.path("verdict").asText());
    JsonNode usage = test.path("usage");
    String time =
        usage.path("cpu_ms").isNumber() ? Decimals.seconds(usage.path("cpu_ms").asLong()) : null;
    String wall =
        usage.path("wall_ms").isNumber() ? Decimals.seconds(usage.path("wall_ms").asLong()) : null;
    Integer memory =
        usage.path("memory_peak_bytes").isNumber()
            ? (int) (usage.path("memory_peak_bytes").asLong() / 1024)
            : null;
    Integer exitStatus = test.path("exit_status").isInt() ? test.path("exit_status").asInt() : null;
    boolean signalled = test.path("signal").isTextual() && exitStatus != null && exitStatus > 128;
    Integer signal = signalled ? exitStatus - 128 : null;
    Judge0Status status;
    String message = null;
    Integer exitCode = 0;
    Integer exitSignal = null;
    switch (verdict) {
      case "accepted" -> status = Judge0Status.ACCEPTED;
      case "wrong_answer" ->
          status = expectedOutputSent ? Judge0Status.WRONG_ANSWER : Judge0Status.ACCEPTED;
      case "time_limit" -> {
        status = Judge0Status.TIME_LIMIT_EXCEEDED;
        message =
            test.path("limit").asText().equals("cpu")
                ? "Time limit exceeded"
                : "Time limit exceeded (wall clock)";
      }
      case "memory_limit" -> {
        status = Judge0Status.OTHER;
        message = "Memory limit exceeded";
        exitSignal = 9;
      }
      case "output_limit" -> {
        status = Judge0Status.SIGXFSZ;
        message = "Output limit exceeded";
        exitSignal = 25;
      }
      case "runtime_error" -> {
        if (signal != null) {
          status = Judge0Status.ofSignal(signal);
          exitSignal = signal;
          message = "Caught fatal signal " + signal;
        } else {
          status = Judge0Status.NZEC;
          exitCode = exitStatus == null ? 0 : exitStatus;
          message = "Exited with error status " + exitCode;
        }
      }
      default -> {
        return new Judge0Outcome(
            Judge0Status.INTERNAL_ERROR,
            bytes(test.path("stdout")),
            bytes(test.path("stderr")),
            compileOutput,
            test.path("checker_message").isTextual()
                ? test.path("checker_message").asText()
                : "runbox could not judge this submission (" + verdict + ")",
            null,
            null,
            time,
            wall,
            memory);
      }
    }
    return new Judge0Outcome(
        status,
        bytes(test.path("stdout")),
        bytes(test.path("stderr")),
        compileOutput,
        message,
        exitCode,
        exitSignal,
        time,
        wall,
        memory);
  }

  /** A captured stream's bytes; null when absent or empty (Judge0 stores no output as null). */
  static byte[] bytes(JsonNode captured) {
    if (!captured.isObject()) {
      return null;
    }
    byte[] b =
        captured.path("content_base64").isTextual()
            ? Base64.getDecoder().decode(captured.path("content_base64").asText())
            : captured.path("content").asText("").getBytes(StandardCharsets.UTF_8);
    return b.length == 0 ? null : b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
