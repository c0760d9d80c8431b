package dev.runbox.http.judge0;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Program;
import dev.runbox.core.jobs.Job;
import dev.runbox.core.jobs.JobKind;
import dev.runbox.core.jobs.JobService;
import dev.runbox.core.jobs.JobStatus;
import dev.runbox.http.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Judge0 submissions as runbox jobs of kind {@link JobKind#JUDGE0}: a token is an alias of its job,
 * so a submission outlives a restart and any node answers for it. A job's request is an envelope:
 * {@code judge}, the {@code /v1/judge} body it runs, and {@code submissions}, each submission's
 * fields as Judge0 shows them with its token and the first of its tests ({@code number_of_runs}
 * tests in a row). Submissions of one batch with the same language, source code and options share
 * one job, so the program compiles once for all of them.
 */
final class Judge0Submissions {
  private static final ObjectMapper JSON = Json.mapper(false);
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final JobService jobs;
  private final Judge0Languages languages;
  private final boolean signalsAsBashReports;

  /**
   * @param signalsAsBashReports shows a signalled program as Judge0 actually reports it (NZEC with
   *     128 + the signal), not as Judge0 means to (its signal's status)
   */
  Judge0Submissions(JobService jobs, Judge0Languages languages, boolean signalsAsBashReports) {
    this.jobs = jobs;
    this.languages = languages;
    this.signalsAsBashReports = signalsAsBashReports;
  }

  /** Stores the submission; its token ({@link Judge0Refusal} when runbox refuses it). */
  String create(SubmissionForm.Submission s) {
    Stored stored = createAll(List.of(s)).get(0);
    if (stored.refusal() != null) {
      throw stored.refusal();
    }
    return stored.token();
  }

  /** A submission stored (its token), or refused. */
  record Stored(String token, Judge0Refusal refusal) {
    /** The answer of a batch for it: {@code {"token": ...}} or the refusal's body. */
    Object answer() {
      return refusal == null ? Map.of("token", token) : refusal.body();
    }
  }

  /**
   * Stores submissions, those with the same language, source code and options as one job; each
   * one's token, in order, or why runbox refused its job.
   */
  List<Stored> createAll(List<SubmissionForm.Submission> all) {
    Map<List<Object>, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < all.size(); i++) {
      // a callback is the job's: a submission with one has a job of its own
      List<Object> key =
          all.get(i).callbackUrl().isPresent() ? List.of("callback", i) : compilesAlike(all.get(i));
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
    }
    Stored[] stored = new Stored[all.size()];
    for (List<Integer> group : groups.values()) {
      List<SubmissionForm.Submission> items = group.stream().map(all::get).toList();
      List<String> minted = items.stream().map(i -> UUID.randomUUID().toString()).toList();
      Judge0Refusal refused = null;
      try {
        jobs.submit(
            new JobService.Submission(
                JobKind.JUDGE0,
                jobRequest(items, minted),
                items.get(0).callbackUrl(),
                Optional.empty(),
                minted));
      } catch (InvalidRequestException e) {
        refused = Judge0Refusal.invalid(Map.of(fieldOf(e.field()), List.of(e.getMessage())));
      }
      for (int i = 0; i < group.size(); i++) {
        stored[group.get(i)] = new Stored(refused == null ? minted.get(i) : null, refused);
      }
    }
    return List.of(stored);
  }

  /** What must be equal for submissions to share one compile. */
  private static List<Object> compilesAlike(SubmissionForm.Submission s) {
    return List.of(
        s.language().id(),
        ByteBuffer.wrap(s.sourceCode()),
        s.compilerOptions().orElse(""),
        s.redirectStderrToStdout(),
        s.stackLimit(),
        s.additionalFiles().orElse(""));
  }

  /** runbox's field at fault as the submission's. */
  private static String fieldOf(String field) {
    if (field.equals("callback_url")) {
      return field;
    }
    if (field.startsWith("files")) {
      return "source_code";
    }
    if (field.startsWith("tests")) {
      return "stdin";
    }
    if (field.startsWith("program")) {
      return "compiler_options";
    }
    return "base";
  }

  /** The envelope of submissions that compile alike, with their tokens. */
  static String jobRequest(List<SubmissionForm.Submission> items, List<String> tokens) {
    SubmissionForm.Submission first = items.get(0);
    Judge0Languages.Language l = first.language();
    List<Map<String, Object>> tests = new ArrayList<>();
    List<Map<String, Object>> shown = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      SubmissionForm.Submission s = items.get(i);
      shown.add(shown(s, tokens.get(i), tests.size()));
      for (int r = 0; r < s.numberOfRuns(); r++) {
        tests.add(test(s, s.numberOfRuns() == 1 ? "s" + i : "s" + i + "." + (r + 1)));
      }
    }
    Program program =
        l.program()
            .withCompileOptions(first.compilerOptions().map(Judge0Words::split).orElse(List.of()));
    Map<String, Object> how = new LinkedHashMap<>();
    if (program.compileTemplate().isPresent()) {
      how.put("compile", program.compile());
    }
    how.put(
        "run",
        "ulimit -s "
            + first.stackLimit()
            + " 2>/dev/null; "
            + (first.redirectStderrToStdout() ? "exec 2>&1; " : "")
            + program.run());
    Map<String, Object> judge = new LinkedHashMap<>();
    judge.put("image", l.image().name());
    // the source first (the program's {file}), then the archive's files but one of its name
    Map<String, String> text = new LinkedHashMap<>();
    Map<String, String> binary = new LinkedHashMap<>();
    if (!l.project()) {
      Optional<String> utf8 = utf8Text(first.sourceCode());
      if (utf8.isPresent()) {
        text.put(l.sourceFile(), utf8.get());
      } else {
        binary.put(l.sourceFile(), Base64.getEncoder().encodeToString(first.sourceCode()));
      }
    }
    first
        .additionalContent()
        .forEach(
            (name, bytes) -> {
              if (l.project() || !name.equals(l.sourceFile())) {
                binary.put(name, Base64.getEncoder().encodeToString(bytes));
              }
            });
    if (!text.isEmpty()) {
      judge.put("files", text);
    }
    if (!binary.isEmpty()) {
      judge.put("files_base64", binary);
    }
    judge.put("tests", tests);
    judge.put("compare", Map.of("mode", "lines"));
    judge.put("program", how);
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("judge", judge);
    envelope.put("submissions", shown);
    return new String(Json.write(envelope), StandardCharsets.UTF_8);
  }

  private static Map<String, Object> test(SubmissionForm.Submission s, String name) {
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("time_s", s.wallTimeLimit().setScale(0, RoundingMode.CEILING).intValueExact());
    limits.put("memory_mib", (s.memoryLimit() + 1023) / 1024);
    limits.put("output_kib", Math.max(1, s.maxFileSize()));
    limits.put("pids", s.maxProcesses() + Judge0Limits.RUNBOX_PROCESSES);
    if (s.cpuTimeLimit().signum() > 0) {
      limits.put("cpu_time_s", Math.max(0.01, s.cpuTimeLimit().doubleValue()));
    }
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("name", name);
    test.put("stdin", s.stdin().orElse(""));
    test.put("expected_output", s.expectedOutput().orElse(""));
    test.put("args", s.commandLineArguments().map(Judge0Words::split).orElse(List.of()));
    test.put("limits", limits);
    return test;
  }

  /** A submission's fields as Judge0 shows them, beside its token and its first test. */
  private static Map<String, Object> shown(SubmissionForm.Submission s, String token, int test) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("token", token);
    m.put("test", test);
    m.put("language_id", s.language().id());
    m.put("stdin", s.stdin().orElse(null));
    m.put("expected_output", s.expectedOutput().orElse(null));
    m.put("number_of_runs", s.numberOfRuns());
    m.put("cpu_time_limit", short6(s.cpuTimeLimit()));
    m.put("cpu_extra_time", short6(s.cpuExtraTime()));
    m.put("wall_time_limit", short6(s.wallTimeLimit()));
    m.put("memory_limit", s.memoryLimit());
    m.put("stack_limit", s.stackLimit());
    m.put("max_processes_and_or_threads", s.maxProcesses());
    m.put("max_file_size", s.maxFileSize());
    m.put("compiler_options", s.compilerOptions().orElse(null));
    m.put("command_line_arguments", s.commandLineArguments().orElse(null));
    m.put("redirect_stderr_to_stdout", s.redirectStderrToStdout());
    m.put("callback_url", s.callbackUrl().orElse(null));
    m.put("source_file", s.language().project() ? null : s.language().sourceFile());
    m.put("additional_files", s.additionalFiles().orElse(null));
    return m;
  }

  private static String short6(BigDecimal d) {
    return Decimals.judge0(d.setScale(Math.min(d.scale(), 6), RoundingMode.HALF_UP));
  }

  /** The submission of this token; empty when there is none. */
  Optional<Map<String, Object>> find(String token) {
    return jobs.find(token).flatMap(job -> view(job, token));
  }

  /** The submissions of these tokens, in order; null for an unknown one. */
  List<Map<String, Object>> findAll(List<String> tokens) {
    Map<String, Map<String, Object>> byToken = new LinkedHashMap<>();
    for (Job job : jobs.findAll(tokens)) {
      for (Map<String, Object> v : views(job)) {
        byToken.put((String) v.get("token"), v);
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    tokens.forEach(t -> out.add(byToken.get(t)));
    return out;
  }

  /** The submission of this token in this job. */
  Optional<Map<String, Object>> view(Job job, String token) {
    return views(job).stream().filter(v -> token.equals(v.get("token"))).findFirst();
  }

  /**
   * Every submission of a job, each with every key of the submission object in Judge0's order; the
   * texts as bytes (rendered by {@link #render}). None for a job that is not Judge0's.
   */
  List<Map<String, Object>> views(Job job) {
    if (job.kind() != JobKind.JUDGE0) {
      return List.of();
    }
    JsonNode envelope;
    try {
      envelope = JSON.readTree(job.request());
    } catch (IOException e) {
      return List.of();
    }
    JsonNode judge = envelope.path("judge");
    Optional<JsonNode> result = Optional.empty();
    if (job.status() == JobStatus.DONE && job.result().isPresent()) {
      try {
        result = Optional.of(JSON.readTree(job.result().get()));
      } catch (IOException e) {
        result = Optional.empty();
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (JsonNode item : envelope.path("submissions")) {
      out.add(view(job, item, source(judge, item), result));
    }
    return out;
  }

  /** The submission's source code from its judge's files; null for a multi-file program. */
  private static byte[] source(JsonNode judge, JsonNode item) {
    JsonNode name = item.get("source_file");
    if (name == null || !name.isTextual()) {
      return null;
    }
    JsonNode text = judge.path("files").get(name.asText());
    if (text != null && text.isTextual()) {
      return utf8(text.asText());
    }
    JsonNode encoded = judge.path("files_base64").get(name.asText());
    return encoded != null && encoded.isTextual()
        ? Base64.getDecoder().decode(encoded.asText())
        : null;
  }

  /** The bytes as text when they are UTF-8 (strictly: no malformed input replaced). */
  static Optional<String> utf8Text(byte[] b) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(b))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private Map<String, Object> view(
      Job job, JsonNode item, byte[] source, Optional<JsonNode> result) {
    int languageId = item.path("language_id").asInt();
    boolean expectedSent = item.path("expected_output").isTextual();
    Judge0Outcome o = outcome(job, item, result, expectedSent);
    if (signalsAsBashReports) {
      o = o.asBashReports();
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("source_code", source);
    v.put("language_id", languageId);
    v.put("stdin", textOrNull(item.path("stdin")));
    v.put("expected_output", textOrNull(item.path("expected_output")));
    v.put("stdout", o.stdout());
    v.put("status_id", o.status().id());
    v.put("created_at", TIMESTAMP.format(job.createdAt()));
    v.put("finished_at", job.finishedAt().map(TIMESTAMP::format).orElse(null));
    v.put("time", o.time());
    v.put("memory", o.memory());
    v.put("stderr", o.stderr());
    v.put("token", item.path("token").asText());
    v.put("number_of_runs", item.path("number_of_runs").asInt(1));
    v.put("cpu_time_limit", item.path("cpu_time_limit").asText(null));
    v.put("cpu_extra_time", item.path("cpu_extra_time").asText(null));
    v.put("wall_time_limit", item.path("wall_time_limit").asText(null));
    v.put("memory_limit", intOrNull(item.path("memory_limit")));
    v.put("stack_limit", intOrNull(item.path("stack_limit")));
    v.put("max_processes_and_or_threads", intOrNull(item.path("max_processes_and_or_threads")));
    v.put("enable_per_process_and_thread_time_limit", false);
    v.put("enable_per_process_and_thread_memory_limit", false);
    v.put("max_file_size", intOrNull(item.path("max_file_size")));
    v.put("compile_output", o.compileOutput());
    v.put("exit_code", o.exitCode());
    v.put("exit_signal", o.exitSignal());
    v.put("message", o.message() == null ? null : utf8(o.message()));
    v.put("wall_time", o.wallTime());
    v.put("compiler_options", item.path("compiler_options").asText(null));
    v.put("command_line_arguments", item.path("command_line_arguments").asText(null));
    v.put("redirect_stderr_to_stdout", item.path("redirect_stderr_to_stdout").asBoolean(false));
    v.put("callback_url", item.path("callback_url").asText(null));
    v.put(
        "additional_files",
        item.path("additional_files").isTextual()
            ? Judge0Base64.decode(item.path("additional_files").asText()).orElse(null)
            : null);
    v.put("enable_network", false);
    v.put("status", o.status().body());
    v.put(
        "language",
        languages
            .find(languageId)
            .map(Judge0Languages.Language::brief)
            .orElse(new Judge0Languages.Brief(languageId, "")));
    return v;
  }

  /**
   * The body of a Judge0 job's callback, as Judge0 PUTs it: the default fields, Base64 whatever the
   * submission asked for; empty when the job is no Judge0 submission. (A submission with a callback
   * has a job of its own.)
   */
  static Optional<byte[]> callbackBody(
      Job job, Judge0Languages languages, boolean signalsAsBashReports) {
    // rendering a job reads no other job: no job service needed
    return new Judge0Submissions(null, languages, signalsAsBashReports)
        .views(job).stream()
            .findFirst()
            .map(v -> Json.write(render(v, Judge0Fields.select(null), true)));
  }

  private static byte[] textOrNull(JsonNode n) {
    return n.isTextual() ? utf8(n.asText()) : null;
  }

  private static Integer intOrNull(JsonNode n) {
    return n.isNumber() ? n.asInt() : null;
  }

  private static Judge0Outcome outcome(
      Job job, JsonNode item, Optional<JsonNode> result, boolean expectedSent) {
    if (job.status() == JobStatus.QUEUED) {
      return Judge0Outcome.waiting(Judge0Status.IN_QUEUE);
    }
    if (job.status() == JobStatus.RUNNING) {
      return Judge0Outcome.waiting(Judge0Status.PROCESSING);
    }
    if (job.status() == JobStatus.CANCELLED) {
      return Judge0Outcome.internal("the submission's job was cancelled");
    }
    if (job.status() == JobStatus.FAILED || job.result().isEmpty()) {
      return Judge0Outcome.internal(job.error().orElse("runbox could not run this submission"));
    }
    if (result.isEmpty()) {
      return Judge0Outcome.internal("the job's result does not read");
    }
    return Judge0Outcome.of(
        result.get(),
        item.path("test").asInt(),
        Math.max(1, item.path("number_of_runs").asInt(1)),
        expectedSent);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Thrown when a text is not UTF-8 and the client did not ask for Base64. */
  static final class NotUtf8 extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotUtf8() {
      super("not UTF-8", null, false, false);
    }
  }

  /**
   * The selected keys of a submission, in its order; texts Base64 as Judge0 encodes them, or as
   * text when valid UTF-8 ({@link NotUtf8} otherwise). {@code additional_files} is always Base64.
   */
  static Map<String, Object> render(Map<String, Object> view, List<String> fields, boolean base64) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String f : fields) {
      Object v = view.get(f);
      if (v instanceof byte[] b) {
        v = base64 || f.equals("additional_files") ? Judge0Base64.encode(b) : text(b);
      }
      out.put(f, v);
    }
    return out;
  }

  private static String text(byte[] b) {
    return utf8Text(b).orElseThrow(NotUtf8::new);
  }
}
