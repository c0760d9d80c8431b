package dev.runbox.http.judge0;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The {@code fields} parameter: a comma-separated list of the submission's keys (no trimming, as
 * Judge0), {@code *} anywhere for all of them, empty or absent for the eight default ones. The keys
 * are always answered in the submission's own order, whatever order {@code fields} names them in.
 */
final class Judge0Fields {
  /** Every key of the submission object, in Judge0's order. */
  static final List<String> ALL =
      List.of(
          "source_code",
          "language_id",
          "stdin",
          "expected_output",
          "stdout",
          "status_id",
          "created_at",
          "finished_at",
          "time",
          "memory",
          "stderr",
          "token",
          "number_of_runs",
          "cpu_time_limit",
          "cpu_extra_time",
          "wall_time_limit",
          "memory_limit",
          "stack_limit",
          "max_processes_and_or_threads",
          "enable_per_process_and_thread_time_limit",
          "enable_per_process_and_thread_memory_limit",
          "max_file_size",
          "compile_output",
          "exit_code",
          "exit_signal",
          "message",
          "wall_time",
          "compiler_options",
          "command_line_arguments",
          "redirect_stderr_to_stdout",
          "callback_url",
          "additional_files",
          "enable_network",
          "status",
          "language");

  static final Set<String> DEFAULTS =
      Set.of("token", "time", "memory", "stdout", "stderr", "compile_output", "message", "status");

  private Judge0Fields() {}

  /** The selected keys in the submission's order; refused as Judge0 refuses unknown names. */
  static List<String> select(String fields) {
    if (fields == null || fields.isEmpty()) {
      return ALL.stream().filter(DEFAULTS::contains).toList();
    }
    List<String> named = Arrays.asList(fields.split(","));
    if (named.isEmpty()) {
      return ALL.stream().filter(DEFAULTS::contains).toList();
    }
    List<String> invalid = new ArrayList<>();
    for (String n : named) {
      if (!n.equals("*") && !ALL.contains(n)) {
        invalid.add(n);
      }
    }
    if (!invalid.isEmpty()) {
      throw Judge0Refusal.error(400, "invalid fields: [" + String.join(", ", invalid) + "]");
    }
    if (named.contains("*")) {
      return ALL;
    }
    return ALL.stream().filter(named::contains).toList();
  }
}
