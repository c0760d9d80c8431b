package dev.runbox.http.cyberdojo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Outcome;
import dev.runbox.core.RunResult;
import dev.runbox.http.UsageBody;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code run_cyber_dojo_sh}, keyed on the method's name as cyber-dojo's runner does.
 * {@code status} is a string, as the runner sends it. {@code created} and {@code changed} hold text
 * files only, each cut at {@link #MAX_FILE_BYTES} (cyber-dojo's runner deletes binary files before
 * it looks), and {@code created} at most the first {@link #MAX_CREATED} names in sorted order.
 * {@code deleted} is runbox's own addition.
 */
record CyberDojoResult(@JsonProperty("run_cyber_dojo_sh") Body run) {
  /** What cyber-dojo's runner keeps of a file: 50 KiB. */
  static final int MAX_FILE_BYTES = 50 * 1024;

  /** How many created files cyber-dojo's runner reports. */
  static final int MAX_CREATED = 16;

  record Body(
      @JsonProperty("stdout") Text stdout,
      @JsonProperty("stderr") Text stderr,
      @JsonProperty("status") String status,
      @JsonProperty("outcome") String outcome,
      @JsonProperty("created") Map<String, Text> created,
      @JsonProperty("deleted") List<String> deleted,
      @JsonProperty("changed") Map<String, Text> changed,
      @JsonProperty("log") Log log) {}

  record Text(
      @JsonProperty("content") String content, @JsonProperty("truncated") boolean truncated) {
    static Text of(CapturedBytes b) {
      return new Text(b.text(), b.truncated());
    }
  }

  /** What runbox adds for diagnosis; cyber-dojo shows it, never interprets it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Log(
      @JsonProperty("id") String id,
      @JsonProperty("run_id") String runId,
      @JsonProperty("image") String image,
      @JsonProperty("rule_set") String ruleSet,
      @JsonProperty("runbox_outcome") String runboxOutcome,
      @JsonProperty("timeout") String timeout,
      @JsonProperty("oom_killed") boolean oomKilled,
      @JsonProperty("files_complete") boolean filesComplete,
      @JsonProperty("wall_ms") Long wallMs,
      @JsonProperty("cpu_ms") Long cpuMs,
      @JsonProperty("memory_peak_bytes") Long memoryPeakBytes,
      @JsonProperty("note") String note) {}

  static CyberDojoResult of(String id, RunResult r) {
    UsageBody usage = UsageBody.of(r.usage());
    String note =
        r.outcome() == Outcome.COMPLETED
            ? "image '"
                + r.image()
                + "' has no traffic-light rules, so there is no red/amber/green verdict"
            : null;
    Log log =
        new Log(
            id,
            r.id(),
            r.image(),
            r.ruleSet(),
            r.outcome().apiName(),
            r.timeout().apiName(),
            r.oomKilled(),
            r.filesComplete(),
            usage.wallMs(),
            usage.cpuMs(),
            usage.memoryPeakBytes(),
            note);
    return new CyberDojoResult(
        new Body(
            Text.of(r.stdout()),
            Text.of(r.stderr()),
            Integer.toString(r.exitStatus()),
            outcome(r.outcome()),
            texts(r.files().created(), MAX_CREATED),
            r.files().deleted(),
            texts(r.files().changed(), Integer.MAX_VALUE),
            log));
  }

  /**
   * cyber-dojo has no "completed": an image without rules is "faulty", as cyber-dojo says of an
   * image without its rag lambda.
   */
  static String outcome(Outcome o) {
    return switch (o) {
      case RED -> "red";
      case AMBER -> "amber";
      case GREEN -> "green";
      case TIMED_OUT -> "timed_out";
      case FAULTY, COMPLETED -> "faulty";
    };
  }

  /** The text files among {@code files} (sorted by name), at most {@code max}, each cut. */
  private static Map<String, Text> texts(Map<String, CapturedBytes> files, int max) {
    Map<String, Text> out = new LinkedHashMap<>();
    for (Map.Entry<String, CapturedBytes> f : files.entrySet()) {
      if (out.size() >= max) {
        break;
      }
      if (isText(f.getValue())) {
        out.put(f.getKey(), Text.of(cut(f.getValue())));
      }
    }
    return out;
  }

  /**
   * A file is text when its bytes are valid UTF-8 without a NUL: the test cyber-dojo's runner makes
   * with {@code file --mime-encoding}, in the form runbox can make on the bytes it kept (an empty
   * file is text).
   */
  static boolean isText(CapturedBytes file) {
    for (byte b : file.bytes()) {
      if (b == 0) {
        return false;
      }
    }
    return file.isUtf8();
  }

  /** At most {@link #MAX_FILE_BYTES} bytes, marked truncated when any were cut. */
  static CapturedBytes cut(CapturedBytes file) {
    if (file.size() <= MAX_FILE_BYTES) {
      return file;
    }
    return new CapturedBytes(Arrays.copyOf(file.bytes(), MAX_FILE_BYTES), true);
  }
}
