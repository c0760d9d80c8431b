package dev.runbox.http.judge0;

import dev.runbox.core.Limit;
import dev.runbox.core.Limits;
import dev.runbox.core.RunPolicy;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The limits a submission may set: Judge0's defaults and bounds, lowered where runbox's maxima are
 * lower (and the smallest memory limit raised to runbox's smallest), with every key of Judge0's
 * {@code /config_info} answered with the value in force here. {@code max_file_size}, which caps
 * Judge0's output files, is runbox's output limit per stream ({@code output_kib}).
 */
record Judge0Limits(
    BigDecimal cpuTimeLimit,
    BigDecimal maxCpuTimeLimit,
    BigDecimal wallTimeLimit,
    BigDecimal maxWallTimeLimit,
    int memoryLimit,
    int minMemoryLimit,
    int maxMemoryLimit,
    int maxFileSize,
    int maxMaxFileSize,
    int maxMaxProcesses,
    int maxFiles,
    long maxExtractBytes) {
  static final BigDecimal CPU_EXTRA_TIME = new BigDecimal("1.0");
  static final BigDecimal MAX_CPU_EXTRA_TIME = new BigDecimal("5.0");
  static final BigDecimal MIN_WALL_TIME_LIMIT = BigDecimal.ONE;
  static final int STACK_LIMIT = 64000;
  static final int MAX_STACK_LIMIT = 128000;
  static final int MAX_PROCESSES = 60;
  static final int MAX_MAX_PROCESSES = 120;

  /**
   * The processes of runbox's own in a run's container beside the program's (its init, keeper,
   * wrapper, {@code time}, {@code timeout} and the command's shell): Judge0's {@code
   * max_processes_and_or_threads} becomes a pids limit this much higher.
   */
  static final int RUNBOX_PROCESSES = 6;

  /** Judge0's {@code MAX_EXTRACT_SIZE}: the most {@code additional_files} may unpack to, in KB. */
  static final int MAX_EXTRACT_KB = 10240;

  static final int MAX_NUMBER_OF_RUNS = 20;
  static final int MAX_BATCH = 20;

  /** Judge0's own defaults and bounds under runbox's run policy. */
  static Judge0Limits under(RunPolicy runs) {
    Limits maximum = runs.maximum();
    BigDecimal maxTime = BigDecimal.valueOf(maximum.timeSeconds());
    BigDecimal maxCpu = new BigDecimal("15.0").min(maxTime);
    BigDecimal maxWall = new BigDecimal("20.0").min(maxTime);
    int maxMemory = (int) Math.min(512000L, maximum.memoryMib() * 1024L);
    int minMemory = (int) Math.max(2048, Limit.MEMORY_MIB.minimum() * 1024);
    return new Judge0Limits(
        new BigDecimal("5.0").min(maxCpu),
        maxCpu,
        new BigDecimal("10.0").min(maxWall),
        maxWall,
        Math.min(128000, maxMemory),
        minMemory,
        maxMemory,
        Math.min(1024, maximum.outputKib()),
        Math.min(4096, maximum.outputKib()),
        Math.min(MAX_MAX_PROCESSES, maximum.pids() - RUNBOX_PROCESSES),
        runs.maxFiles(),
        Math.min(MAX_EXTRACT_KB * 1024L, runs.maxFileBytes()));
  }

  /** {@code GET /config_info} of a node without callbacks. */
  Map<String, Object> configInfo() {
    return configInfo(false, 0, 0.0);
  }

  /**
   * {@code GET /config_info}: Judge0's 39 keys in its order, with the values in force here.
   *
   * @param callbacks whether a submission may set {@code callback_url}
   * @param callbackTries how many deliveries a callback gets at most
   * @param callbackTimeout the longest one delivery may take, in seconds
   */
  Map<String, Object> configInfo(boolean callbacks, int callbackTries, double callbackTimeout) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("maintenance_mode", false);
    c.put("enable_wait_result", true);
    c.put("enable_compiler_options", true);
    c.put("allowed_languages_for_compile_options", List.of());
    c.put("enable_command_line_arguments", true);
    c.put("enable_submission_delete", false);
    c.put("enable_callbacks", callbacks);
    c.put("callbacks_max_tries", callbackTries);
    c.put("callbacks_timeout", callbackTimeout);
    c.put("enable_additional_files", true);
    c.put("max_queue_size", Integer.MAX_VALUE);
    c.put("cpu_time_limit", cpuTimeLimit.doubleValue());
    c.put("max_cpu_time_limit", maxCpuTimeLimit.doubleValue());
    c.put("cpu_extra_time", CPU_EXTRA_TIME.doubleValue());
    c.put("max_cpu_extra_time", MAX_CPU_EXTRA_TIME.doubleValue());
    c.put("wall_time_limit", wallTimeLimit.doubleValue());
    c.put("max_wall_time_limit", maxWallTimeLimit.doubleValue());
    c.put("memory_limit", memoryLimit);
    c.put("max_memory_limit", maxMemoryLimit);
    c.put("stack_limit", STACK_LIMIT);
    c.put("max_stack_limit", MAX_STACK_LIMIT);
    c.put("max_processes_and_or_threads", Math.min(MAX_PROCESSES, maxMaxProcesses));
    c.put("max_max_processes_and_or_threads", maxMaxProcesses);
    c.put("enable_per_process_and_thread_time_limit", false);
    c.put("allow_enable_per_process_and_thread_time_limit", false);
    c.put("enable_per_process_and_thread_memory_limit", false);
    c.put("allow_enable_per_process_and_thread_memory_limit", false);
    c.put("max_file_size", maxFileSize);
    c.put("max_max_file_size", maxMaxFileSize);
    c.put("number_of_runs", 1);
    c.put("max_number_of_runs", MAX_NUMBER_OF_RUNS);
    c.put("redirect_stderr_to_stdout", false);
    c.put("max_extract_size", (int) (maxExtractBytes / 1024));
    c.put("enable_batched_submissions", true);
    c.put("max_submission_batch_size", MAX_BATCH);
    c.put("submission_cache_duration", 0.0);
    c.put("use_docs_as_homepage", false);
    c.put("allow_enable_network", false);
    c.put("enable_network", false);
    return c;
  }
}
