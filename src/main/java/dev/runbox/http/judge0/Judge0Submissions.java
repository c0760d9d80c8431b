package dev.runbox.http.judge0;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.jobs.Job;
import dev.runbox.core.jobs.JobKind;
import dev.runbox.core.jobs.JobService;
import dev.runbox.core.jobs.JobStatus;
import dev.runbox.core.jobs.Submitted;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judge0 submissions as runbox judge jobs of one test: the token is the job's id, so a submission
 * outlives a restart and any node answers for it. The job's request carries everything the
 * submission object shows: the source file, stdin and expected output, the limits, and in the
 * test's name the language id and the limits as sent ({@code judge0 id=71 in=1 eo=0 cpu=5.0
 * extra=1.0 wall=10.0 mem=128000 out=1024}).
 */
final class Judge0Submissions {
  private static final ObjectMapper JSON = Json.mapper(false);
  private static final String PREFIX = "judge0 ";
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final JobService jobs;
  private final Judge0Languages languages;

  Judge0Submissions(JobService jobs, Judge0Languages languages) {
    this.jobs = jobs;
    this.languages = languages;
  }

  /** Stores the submission as a judge job; its token. */
  String create(SubmissionForm.Submission s) {
    String request = envelope(s);
    Submitted done;
    try {
      done =
          jobs.submit(
              new JobService.Submission(
                  JobKind.JUDGE0, request, s.callbackUrl(), Optional.empty()));
    } catch (InvalidRequestException e) {
      throw Judge0Refusal.invalid(Map.of(fieldOf(e.field()), List.of(e.getMessage())));
    }
    return switch (done) {
      case Submitted.Created c -> c.job().id();
      case Submitted.Existing x -> x.job().id();
      case Submitted.Conflict c -> c.existingId();
    };
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
    return "base";
  }

  /** The Judge0 job's request: the judge body, and the submission's language. */
  private static String envelope(SubmissionForm.Submission s) {
    return "{\"judge\":"
        + jobRequest(s)
        + ",\"submissions\":[{\"language_id\":"
        + s.language().id()
        + "}]}";
  }

  /** The body of the judge job (as {@code /v1/judge} reads it). */
  static String jobRequest(SubmissionForm.Submission s) {
    Judge0Languages.Language l = s.language();
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("name", descriptor(s));
    test.put("stdin", s.stdin().orElse(""));
    test.put("expected_output", s.expectedOutput().orElse(""));
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("time_s", s.wallTimeLimit().setScale(0, RoundingMode.CEILING).intValueExact());
    run.put("memory_mib", (s.memoryLimit() + 1023) / 1024);
    run.put("output_kib", Math.max(1, s.maxFileSize()));
    if (s.cpuTimeLimit().signum() > 0) {
      run.put("cpu_time_s", Math.max(0.01, s.cpuTimeLimit().doubleValue()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("image", l.image().name());
    body.put("files", Map.of(l.sourceFile(), s.sourceCode()));
    body.put("tests", List.of(test));
    body.put("compare", Map.of("mode", "lines"));
    body.put("limits", Map.of("run", run));
    return new String(Json.write(body), StandardCharsets.UTF_8);
  }

  private static String descriptor(SubmissionForm.Submission s) {
    return PREFIX
        + "id="
        + s.language().id()
        + " in="
        + (s.stdin().isPresent() ? 1 : 0)
        + " eo="
        + (s.expectedOutput().isPresent() ? 1 : 0)
        + " cpu="
        + short6(s.cpuTimeLimit())
        + " extra="
        + short6(s.cpuExtraTime())
        + " wall="
        + short6(s.wallTimeLimit())
        + " mem="
        + s.memoryLimit()
        + " out="
        + s.maxFileSize();
  }

  private static String short6(BigDecimal d) {
    return Decimals.judge0(d.setScale(Math.min(d.scale(), 6), RoundingMode.HALF_UP));
  }

  /** The submission of this token; empty when there is none (or the job is not a submission). */
  Optional<Map<String, Object>> find(String token) {
    return jobs.find(token).flatMap(this::view);
  }

  /** The submissions of these tokens, in order; null for an unknown one. */
  List<Map<String, Object>> findAll(List<String> tokens) {
    Map<String, Job> byId = new LinkedHashMap<>();
    jobs.findAll(tokens).forEach(j -> byId.put(j.id(), j));
    return tokens.stream()
        .map(t -> Optional.ofNullable(byId.get(t)).flatMap(this::view).orElse(null))
        .toList();
  }

  /**
   * Every key of the submission object in Judge0's order; the texts as bytes (rendered by {@link
   * #render}).
   */
  Optional<Map<String, Object>> view(Job job) {
    if (job.kind() != JobKind.JUDGE0) {
      return Optional.empty();
    }
    JsonNode request;
    try {
      request = JSON.readTree(job.request()).path("judge");
    } catch (IOException e) {
      return Optional.empty();
    }
    JsonNode test = request.path("tests").path(0);
    String name = test.path("name").asText("");
    if (!name.startsWith(PREFIX) || request.path("tests").size() != 1) {
      return Optional.empty();
    }
    Map<String, String> d = new LinkedHashMap<>();
    for (String part : name.substring(PREFIX.length()).split(" ")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        d.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    int languageId = Integer.parseInt(d.getOrDefault("id", "0"));
    boolean expectedSent = "1".equals(d.get("eo"));
    String source =
        request.path("files").elements().hasNext()
            ? request.path("files").elements().next().asText()
            : "";
    Judge0Outcome o = outcome(job, expectedSent);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("source_code", utf8(source));
    v.put("language_id", languageId);
    v.put("stdin", "1".equals(d.get("in")) ? utf8(test.path("stdin").asText()) : null);
    v.put("expected_output", expectedSent ? utf8(test.path("expected_output").asText()) : null);
    v.put("stdout", o.stdout());
    v.put("status_id", o.status().id());
    v.put("created_at", TIMESTAMP.format(job.createdAt()));
    v.put("finished_at", job.finishedAt().map(TIMESTAMP::format).orElse(null));
    v.put("time", o.time());
    v.put("memory", o.memory());
    v.put("stderr", o.stderr());
    v.put("token", job.id());
    v.put("number_of_runs", 1);
    v.put("cpu_time_limit", d.get("cpu"));
    v.put("cpu_extra_time", d.get("extra"));
    v.put("wall_time_limit", d.get("wall"));
    v.put("memory_limit", d.containsKey("mem") ? Integer.valueOf(d.get("mem")) : null);
    v.put("stack_limit", Judge0Limits.STACK_LIMIT);
    v.put("max_processes_and_or_threads", Judge0Limits.MAX_PROCESSES);
    v.put("enable_per_process_and_thread_time_limit", false);
    v.put("enable_per_process_and_thread_memory_limit", false);
    v.put("max_file_size", d.containsKey("out") ? Integer.valueOf(d.get("out")) : null);
    v.put("compile_output", o.compileOutput());
    v.put("exit_code", o.exitCode());
    v.put("exit_signal", o.exitSignal());
    v.put("message", o.message() == null ? null : utf8(o.message()));
    v.put("wall_time", o.wallTime());
    v.put("compiler_options", null);
    v.put("command_line_arguments", null);
    v.put("redirect_stderr_to_stdout", false);
    v.put("callback_url", job.callbackUrl().orElse(null));
    v.put("additional_files", null);
    v.put("enable_network", false);
    v.put("status", o.status().body());
    v.put(
        "language",
        languages
            .find(languageId)
            .map(Judge0Languages.Language::brief)
            .orElse(new Judge0Languages.Brief(languageId, "")));
    return Optional.of(v);
  }

  /**
   * The body of a Judge0 job's callback, as Judge0 PUTs it: the default fields, Base64 whatever the
   * submission asked for; empty when the job is no Judge0 submission.
   */
  static Optional<byte[]> callbackBody(Job job, Judge0Languages languages) {
    // rendering a job reads no other job: no job service needed
    return new Judge0Submissions(null, languages)
        .view(job)
        .map(v -> Json.write(render(v, Judge0Fields.select(null), true)));
  }

  private static Judge0Outcome outcome(Job job, boolean expectedSent) {
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
    try {
      return Judge0Outcome.of(JSON.readTree(job.result().get()), expectedSent);
    } catch (IOException e) {
      return Judge0Outcome.internal("the job's result does not read: " + e.getMessage());
    }
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
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new NotUtf8();
    }
  }
}
