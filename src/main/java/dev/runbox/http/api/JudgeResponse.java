package dev.runbox.http.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.runbox.core.judge.CompileResult;
import dev.runbox.core.judge.Difference;
import dev.runbox.core.judge.JudgeResult;
import dev.runbox.core.judge.Summary;
import dev.runbox.core.judge.TestResult;
import dev.runbox.core.judge.TimeLimit;
import dev.runbox.http.UsageBody;
import java.util.List;

/**
 * The JSON body of a judged submission (200), whatever the verdict. {@code compile} is left out for
 * a language without a compile stage; every other field is always there, null where it does not
 * apply (a skipped test has no exit status, output or usage).
 */
record JudgeResponse(
    @JsonProperty("id") String id,
    @JsonProperty("verdict") String verdict,
    @JsonProperty("compile") @JsonInclude(JsonInclude.Include.NON_NULL) Compile compile,
    @JsonProperty("tests") List<Test> tests,
    @JsonProperty("summary") SummaryBody summary) {

  static JudgeResponse of(JudgeResult r) {
    return new JudgeResponse(
        r.id(),
        r.verdict().apiName(),
        r.compile().map(Compile::of).orElse(null),
        r.tests().stream().map(Test::of).toList(),
        SummaryBody.of(r.summary()));
  }

  record Compile(
      @JsonProperty("stdout") RunResponse.Captured stdout,
      @JsonProperty("stderr") RunResponse.Captured stderr,
      @JsonProperty("exit_status") int exitStatus,
      @JsonProperty("usage") UsageBody usage) {
    static Compile of(CompileResult c) {
      return new Compile(
          RunResponse.Captured.of(c.stdout()),
          RunResponse.Captured.of(c.stderr()),
          c.exitStatus(),
          UsageBody.of(c.usage()));
    }
  }

  record Test(
      @JsonProperty("name") String name,
      @JsonProperty("verdict") String verdict,
      @JsonProperty("limit") String limit,
      @JsonProperty("exit_status") Integer exitStatus,
      @JsonProperty("signal") String signal,
      @JsonProperty("stdout") RunResponse.Captured stdout,
      @JsonProperty("stderr") RunResponse.Captured stderr,
      @JsonProperty("usage") UsageBody usage,
      @JsonProperty("difference") DifferenceBody difference,
      @JsonProperty("checker_message") String checkerMessage) {
    static Test of(TestResult t) {
      return new Test(
          t.name(),
          t.verdict().apiName(),
          t.limit().map(TimeLimit::apiName).orElse(null),
          t.exitStatus().isPresent() ? t.exitStatus().getAsInt() : null,
          t.signal().orElse(null),
          t.stdout().map(RunResponse.Captured::of).orElse(null),
          t.stderr().map(RunResponse.Captured::of).orElse(null),
          t.usage().map(UsageBody::of).orElse(null),
          t.difference().map(DifferenceBody::of).orElse(null),
          t.checkerMessage().orElse(null));
    }
  }

  record DifferenceBody(
      @JsonProperty("line") int line,
      @JsonProperty("column") int column,
      @JsonProperty("expected") String expected,
      @JsonProperty("got") String got) {
    static DifferenceBody of(Difference d) {
      return new DifferenceBody(d.line(), d.column(), d.expected(), d.got());
    }
  }

  /** The counts, and the most any test used: null where no test that ran measured it. */
  record SummaryBody(
      @JsonProperty("passed") int passed,
      @JsonProperty("failed") int failed,
      @JsonProperty("skipped") int skipped,
      @JsonProperty("total") int total,
      @JsonProperty("max_wall_ms") Long maxWallMs,
      @JsonProperty("max_cpu_ms") Long maxCpuMs,
      @JsonProperty("max_memory_bytes") Long maxMemoryBytes) {
    static SummaryBody of(Summary s) {
      return new SummaryBody(
          s.passed(),
          s.failed(),
          s.skipped(),
          s.total(),
          UsageBody.known(s.maxWallMs()),
          UsageBody.known(s.maxCpuMs()),
          UsageBody.known(s.maxMemoryBytes()));
    }
  }
}
