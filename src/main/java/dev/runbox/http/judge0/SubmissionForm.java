package dev.runbox.http.judge0;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads one submission as Judge0 reads it (the body's fields, or the query's where the body leaves
 * one out; null or empty is unset and takes the default), checks it against Judge0's rules and the
 * {@link Judge0Limits} in force, and refuses it with every problem by field, as Judge0's 422 does.
 */
final class SubmissionForm {
  private static final Set<String> FALSE = Set.of("false", "0", "f", "off");

  /** The longest {@code compiler_options} and {@code command_line_arguments}, as Judge0's. */
  static final int MAX_OPTIONS_CHARS = 512;

  /**
   * A submission that passed every check; the texts decoded.
   *
   * @param compilerOptions as sent (Judge0 shows them so), never Base64
   * @param commandLineArguments as sent, never Base64
   */
  record Submission(
      Judge0Languages.Language language,
      byte[] sourceCode,
      Optional<String> stdin,
      Optional<String> expectedOutput,
      BigDecimal cpuTimeLimit,
      BigDecimal cpuExtraTime,
      BigDecimal wallTimeLimit,
      int memoryLimit,
      int stackLimit,
      int maxProcesses,
      int maxFileSize,
      int numberOfRuns,
      Optional<String> compilerOptions,
      Optional<String> commandLineArguments,
      boolean redirectStderrToStdout,
      Optional<String> callbackUrl,
      Optional<String> additionalFiles,
      Map<String, byte[]> additionalContent) {}

  private final JsonNode body;
  private final Function<String, String> query;
  private final boolean base64;
  private final boolean callbacks;
  private final Map<String, List<String>> errors = new LinkedHashMap<>();

  private SubmissionForm(
      JsonNode body, Function<String, String> query, boolean base64, boolean callbacks) {
    this.callbacks = callbacks;
    this.body = body;
    this.query = query;
    this.base64 = base64;
  }

  /**
   * The submission; a {@link Judge0Refusal} (422) naming every field at fault otherwise.
   *
   * @param query a query parameter by name, null when absent
   * @param callbacks whether {@code callback_url} may be set (else refused as Judge0 refuses it)
   */
  static Submission read(
      JsonNode body,
      Function<String, String> query,
      boolean base64,
      Judge0Languages languages,
      Judge0Limits limits,
      boolean callbacks) {
    return new SubmissionForm(body, query, base64, callbacks).check(languages, limits);
  }

  private Submission check(Judge0Languages languages, Judge0Limits limits) {
    boolean project = peekLanguage(languages).map(Judge0Languages.Language::project).orElse(false);
    Optional<byte[]> source = bytes("source_code");
    boolean blank = source.isEmpty() || new String(source.get(), StandardCharsets.UTF_8).isBlank();
    if (project && !blank) {
      add("source_code", "must be blank");
    } else if (!project && blank && !errors.containsKey("source_code")) {
      add("source_code", "can't be blank");
    }
    Optional<Integer> languageId = languageId();
    Optional<String> stdin = text("stdin", true);
    Optional<String> expected = text("expected_output", true);
    int runs = whole("number_of_runs", 1, true, Judge0Limits.MAX_NUMBER_OF_RUNS);
    BigDecimal cpu =
        decimal("cpu_time_limit", limits.cpuTimeLimit(), BigDecimal.ZERO, limits.maxCpuTimeLimit());
    BigDecimal extra =
        decimal(
            "cpu_extra_time",
            Judge0Limits.CPU_EXTRA_TIME,
            BigDecimal.ZERO,
            Judge0Limits.MAX_CPU_EXTRA_TIME);
    BigDecimal wall =
        decimal(
            "wall_time_limit",
            limits.wallTimeLimit(),
            Judge0Limits.MIN_WALL_TIME_LIMIT,
            limits.maxWallTimeLimit());
    int memory =
        boundedWhole(
            "memory_limit", limits.memoryLimit(), limits.minMemoryLimit(), limits.maxMemoryLimit());
    int stack =
        boundedWhole("stack_limit", Judge0Limits.STACK_LIMIT, 0, Judge0Limits.MAX_STACK_LIMIT);
    int processes =
        whole(
            "max_processes_and_or_threads",
            Math.min(Judge0Limits.MAX_PROCESSES, limits.maxMaxProcesses()),
            true,
            limits.maxMaxProcesses());
    refuseTrue("enable_per_process_and_thread_time_limit", "this option cannot be enabled");
    refuseTrue("enable_per_process_and_thread_memory_limit", "this option cannot be enabled");
    int maxFileSize =
        boundedWhole("max_file_size", limits.maxFileSize(), 0, limits.maxMaxFileSize());
    Optional<Judge0Languages.Language> language = Optional.empty();
    if (languageId.isPresent()) {
      language = languages.find(languageId.get());
      if (language.isEmpty()) {
        add("language_id", "language with id " + languageId.get() + " doesn't exist");
      }
    }
    Optional<String> options = words("compiler_options");
    if (options.isPresent()
        && language.isPresent()
        && !language.get().program().takesCompileOptions()) {
      add("compiler_options", "setting compiler options is only allowed for compiled languages");
    }
    Optional<String> arguments = words("command_line_arguments");
    boolean redirect = flagSet("redirect_stderr_to_stdout");
    Optional<String> callbackUrl =
        Optional.ofNullable(scalar("callback_url")).filter(u -> !u.isBlank());
    if (!callbacks) {
      refuseSet("callback_url", "setting callback is not allowed");
    }
    Optional<String> additional =
        Optional.ofNullable(scalar("additional_files")).filter(a -> !a.isBlank());
    Map<String, byte[]> content = Map.of();
    if (additional.isPresent()) {
      content =
          unpack(
              additional.get(),
              limits.maxFiles() - (project ? 0 : 1),
              limits.maxExtractBytes() - (project ? 0 : source.map(b -> b.length).orElse(0)));
    } else if (project) {
      add("additional_files", "can't be blank");
    }
    refuseTrue("enable_network", "enabling network is not allowed");
    if (!errors.isEmpty()) {
      throw Judge0Refusal.invalid(errors);
    }
    return new Submission(
        language.orElseThrow(),
        source.orElse(new byte[0]),
        stdin,
        expected,
        cpu,
        extra,
        wall,
        memory,
        stack,
        processes,
        maxFileSize,
        runs,
        options,
        arguments,
        redirect,
        callbackUrl,
        additional,
        content);
  }

  /** The language the submission names, if any, without judging the id yet. */
  private Optional<Judge0Languages.Language> peekLanguage(Judge0Languages languages) {
    String s = scalar("language_id");
    try {
      return s == null ? Optional.empty() : languages.find(new BigDecimal(s.trim()).intValue());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The source code's bytes: Base64-decoded when the request says so (any bytes: an Executable's
   * source is a program), else the text's UTF-8.
   */
  private Optional<byte[]> bytes(String field) {
    String s = scalar(field);
    if (s == null) {
      return Optional.empty();
    }
    if (!base64) {
      return Optional.of(s.getBytes(StandardCharsets.UTF_8));
    }
    Optional<byte[]> decoded = Judge0Base64.decode(s);
    if (decoded.isEmpty()) {
      add(field, "is not valid Base64");
    }
    return decoded;
  }

  /** {@code additional_files}: a zip archive in Base64 (always), unpacked within the bounds. */
  private Map<String, byte[]> unpack(String encoded, int maxFiles, long maxBytes) {
    Optional<byte[]> zip = Judge0Base64.decode(encoded);
    if (zip.isEmpty()) {
      add("additional_files", "is not valid Base64");
      return Map.of();
    }
    try {
      return AdditionalFiles.read(zip.get(), Math.max(0, maxFiles), Math.max(0, maxBytes));
    } catch (AdditionalFiles.Refused e) {
      add("additional_files", e.getMessage());
      return Map.of();
    }
  }

  /**
   * {@code compiler_options} or {@code command_line_arguments}: text (never Base64), at most {@link
   * #MAX_OPTIONS_CHARS} characters; empty when unset or blank.
   */
  private Optional<String> words(String field) {
    String s = scalar(field);
    if (s == null || s.isBlank()) {
      return Optional.empty();
    }
    if (s.length() > MAX_OPTIONS_CHARS) {
      add(field, "is too long (maximum is " + MAX_OPTIONS_CHARS + " characters)");
    }
    if (s.indexOf('\0') >= 0) {
      add(field, "contains a NUL character");
    }
    return Optional.of(s);
  }

  /** A boolean as Rails reads one: unset, empty and false's spellings are false. */
  private boolean flagSet(String field) {
    String s = scalar(field);
    return s != null && !s.isEmpty() && !FALSE.contains(s.toLowerCase(java.util.Locale.ROOT));
  }

  private void add(String field, String message) {
    errors.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
  }

  /** The field's value: the body's unless null or absent there, else the query's; null if unset. */
  private JsonNode value(String field) {
    JsonNode v = body.get(field);
    if (v != null && !v.isNull()) {
      return v;
    }
    String q = query.apply(field);
    return q == null ? null : com.fasterxml.jackson.databind.node.TextNode.valueOf(q);
  }

  private String scalar(String field) {
    JsonNode v = value(field);
    if (v == null || v.isContainerNode()) {
      return null;
    }
    return v.asText();
  }

  /** A text field, Base64-decoded when the request says so; refused when not Base64 or UTF-8. */
  private Optional<String> text(String field, boolean encoded) {
    String s = scalar(field);
    if (s == null) {
      return Optional.empty();
    }
    if (!(encoded && base64)) {
      return Optional.of(s);
    }
    Optional<byte[]> bytes = Judge0Base64.decode(s);
    if (bytes.isEmpty()) {
      add(field, "is not valid Base64");
      return Optional.empty();
    }
    Optional<String> text = Judge0Submissions.utf8Text(bytes.get());
    if (text.isEmpty()) {
      add(field, "is not UTF-8 text, which runbox needs here");
    }
    return text;
  }

  /** The language id: a whole number or its digits; unset or not a number is blank. */
  private Optional<Integer> languageId() {
    String s = scalar("language_id");
    Integer id = null;
    if (s != null && !s.isBlank()) {
      try {
        id = new BigDecimal(s.trim()).intValue();
      } catch (NumberFormatException e) {
        id = null;
      }
    }
    if (id == null) {
      add("language_id", "can't be blank");
      add("language_id", "language with id  doesn't exist");
      return Optional.empty();
    }
    return Optional.of(id);
  }

  /** A number, or the default when unset or empty; null when it is not a number. */
  private BigDecimal number(String field, BigDecimal dflt) {
    JsonNode v = value(field);
    if (v == null || (v.isTextual() && v.asText().isEmpty())) {
      return dflt;
    }
    if (v.isNumber()) {
      return v.decimalValue();
    }
    if (v.isTextual()) {
      try {
        return new BigDecimal(v.asText().trim());
      } catch (NumberFormatException e) {
        // not a number: said below
      }
    }
    add(field, "is not a number");
    return null;
  }

  private BigDecimal decimal(String field, BigDecimal dflt, BigDecimal min, BigDecimal max) {
    BigDecimal n = number(field, dflt);
    if (n == null) {
      return dflt;
    }
    if (n.compareTo(min) < 0) {
      add(field, "must be greater than or equal to " + min.stripTrailingZeros().toPlainString());
    } else if (n.compareTo(max) > 0) {
      add(field, "must be less than or equal to " + Decimals.judge0(max));
    }
    return n;
  }

  /** A whole-number field with {@code min <= x <= max}. */
  private int boundedWhole(String field, int dflt, int min, int max) {
    BigDecimal n = number(field, BigDecimal.valueOf(dflt));
    if (n == null) {
      return dflt;
    }
    if (n.compareTo(BigDecimal.valueOf(min)) < 0) {
      add(field, "must be greater than or equal to " + min);
    } else if (n.compareTo(BigDecimal.valueOf(max)) > 0) {
      add(field, "must be less than or equal to " + max);
    }
    return n.intValue();
  }

  /** A whole-number field with {@code 0 < x <= max}; its value (the default when refused). */
  private int whole(String field, int dflt, boolean positive, int max) {
    BigDecimal n = number(field, BigDecimal.valueOf(dflt));
    if (n == null) {
      return dflt;
    }
    if (positive && n.signum() <= 0) {
      add(field, "must be greater than 0");
    } else if (n.compareTo(BigDecimal.valueOf(max)) > 0) {
      add(field, "must be less than or equal to " + max);
    } else {
      return n.intValue();
    }
    return dflt;
  }

  private void refuseTrue(String field, String message) {
    if (flagSet(field)) {
      add(field, message);
    }
  }

  /** Refuses a field Judge0 would refuse as configured here when it is not blank. */
  private void refuseSet(String field, String message) {
    String s = scalar(field);
    if (s != null && !s.isBlank()) {
      add(field, message);
    }
  }
}
