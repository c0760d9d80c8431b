package dev.runbox.http.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of a judge request as sent; every field but {@code image}, {@code files} and {@code
 * tests} may be left out (Jackson leaves it null). {@link JudgeBodies} turns it into a core
 * request.
 */
record JudgeBody(
    @JsonProperty("image") String image,
    @JsonProperty("files") Map<String, String> files,
    @JsonProperty("tests") List<Test> tests,
    @JsonProperty("compare") CompareBody compare,
    @JsonProperty("checker") CheckerBody checker,
    @JsonProperty("stop") String stop,
    @JsonProperty("limits") LimitsBody limits,
    @JsonProperty("program") ProgramBody program) {

  /** How to compile (optional) and run the program, instead of the image's program entry. */
  record ProgramBody(@JsonProperty("compile") String compile, @JsonProperty("run") String run) {}

  record Test(
      @JsonProperty("name") String name,
      @JsonProperty("stdin") String stdin,
      @JsonProperty("expected_output") String expectedOutput,
      @JsonProperty("args") List<String> args,
      @JsonProperty("limits") Map<String, Double> limits) {}

  record CompareBody(
      @JsonProperty("mode") String mode,
      @JsonProperty("epsilon") Double epsilon,
      @JsonProperty("case_sensitive") Boolean caseSensitive) {}

  record CheckerBody(
      @JsonProperty("image") String image,
      @JsonProperty("files") Map<String, String> files,
      @JsonProperty("command") String command) {}

  record LimitsBody(
      @JsonProperty("compile") Map<String, Double> compile,
      @JsonProperty("run") Map<String, Double> run) {}
}
