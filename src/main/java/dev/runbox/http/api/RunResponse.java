package dev.runbox.http.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.runbox.core.CapturedBytes;
import dev.runbox.core.FileChanges;
import dev.runbox.core.RunResult;
import dev.runbox.http.UsageBody;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON body of a finished run (200), whatever the program did. */
record RunResponse(
    @JsonProperty("id") String id,
    @JsonProperty("image") String image,
    @JsonProperty("stdout") Captured stdout,
    @JsonProperty("stderr") Captured stderr,
    @JsonProperty("exit_status") int exitStatus,
    @JsonProperty("timed_out") boolean timedOut,
    @JsonProperty("oom_killed") boolean oomKilled,
    @JsonProperty("timeout") String timeout,
    @JsonProperty("outcome") String outcome,
    @JsonProperty("rule_set") String ruleSet,
    @JsonProperty("files") Files files,
    @JsonProperty("usage") UsageBody usage) {

  static RunResponse of(RunResult r) {
    return new RunResponse(
        r.id(),
        r.image(),
        Captured.of(r.stdout()),
        Captured.of(r.stderr()),
        r.exitStatus(),
        r.timedOut(),
        r.oomKilled(),
        r.timeout().apiName(),
        r.outcome().apiName(),
        r.ruleSet(),
        Files.of(r.files(), r.filesComplete()),
        UsageBody.of(r.usage()));
  }

  /**
   * Bytes as text. Bytes that are not UTF-8 come as text with U+FFFD replacements, flagged with
   * {@code encoding: base64} and given exactly in {@code content_base64}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Captured(
      @JsonProperty("content") String content,
      @JsonProperty("truncated") boolean truncated,
      @JsonProperty("encoding") String encoding,
      @JsonProperty("content_base64") String contentBase64) {
    static Captured of(CapturedBytes b) {
      return b.isUtf8()
          ? new Captured(b.text(), b.truncated(), null, null)
          : new Captured(b.text(), b.truncated(), "base64", b.base64());
    }
  }

  record Files(
      @JsonProperty("created") Map<String, Captured> created,
      @JsonProperty("changed") Map<String, Captured> changed,
      @JsonProperty("deleted") List<String> deleted,
      @JsonProperty("complete") boolean complete) {
    static Files of(FileChanges f, boolean complete) {
      return new Files(captured(f.created()), captured(f.changed()), f.deleted(), complete);
    }

    private static Map<String, Captured> captured(Map<String, CapturedBytes> files) {
      Map<String, Captured> out = new LinkedHashMap<>();
      files.forEach((path, bytes) -> out.put(path, Captured.of(bytes)));
      return out;
    }
  }
}
