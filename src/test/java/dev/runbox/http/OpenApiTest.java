package dev.runbox.http;

import static dev.runbox.core.judge.Verdict.ACCEPTED;
import static dev.runbox.core.judge.Verdict.INTERNAL_ERROR;
import static dev.runbox.core.judge.Verdict.MEMORY_LIMIT;
import static dev.runbox.core.judge.Verdict.OUTPUT_LIMIT;
import static dev.runbox.core.judge.Verdict.RUNTIME_ERROR;
import static dev.runbox.core.judge.Verdict.SKIPPED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Digests;
import dev.runbox.core.FakeSandbox;
import dev.runbox.core.HarvestedFile;
import dev.runbox.core.Limit;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import dev.runbox.core.judge.CompareMode;
import dev.runbox.core.judge.CompileResult;
import dev.runbox.core.judge.Difference;
import dev.runbox.core.judge.JudgeResult;
import dev.runbox.core.judge.Judgement;
import dev.runbox.core.judge.StopPolicy;
import dev.runbox.core.judge.TestResult;
import dev.runbox.core.judge.TestRun;
import dev.runbox.core.judge.TimeLimit;
import dev.runbox.core.judge.Verdict;
import dev.runbox.http.api.JudgeBodies;
import dev.runbox.http.api.RunBody;
import dev.runbox.http.cyberdojo.CyberDojoApi;
import dev.runbox.http.judge0.Judge0Api;
import dev.runbox.http.piston.PistonApi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Keeps /openapi.json true: the routes it lists are the routes served, and real bodies fit its
 * schemas.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class OpenApiTest {
  private final FakeSandbox sandbox = new FakeSandbox();
  private final TestServer http = new TestServer(sandbox);
  private final JsonNode document = http.get("/openapi.json").json();
  private final SchemaCheck schemas = new SchemaCheck(document);

  @AfterEach
  void stop() {
    http.close();
  }

  @Test
  void isAnOpenApi31DocumentServedAsJson() {
    TestServer.Response r = http.get("/openapi.json");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(document.at("/info/title").asText()).isEqualTo("runbox");
  }

  @Test
  void documentsEveryRegisteredRouteWithItsMethod() {
    List<HttpServer.Route> served = runboxRoutes();

    assertThat(served).hasSize(14);
    for (HttpServer.Route route : served) {
      assertThat(
              document
                  .path("paths")
                  .path(route.path())
                  .has(route.method().toLowerCase(Locale.ROOT)))
          .as(route + " is documented")
          .isTrue();
    }
  }

  @Test
  void documentsOnlyRoutesThatAreServed() {
    List<HttpServer.Route> documented = new ArrayList<>();
    document
        .get("paths")
        .properties()
        .forEach(
            p ->
                p.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        m ->
                            documented.add(
                                new HttpServer.Route(m.toUpperCase(Locale.ROOT), p.getKey()))));

    assertThat(documented).containsExactlyInAnyOrderElementsOf(runboxRoutes());
  }

  /**
   * The routes of runbox's own API. The compatibility routes follow cyber-dojo's, Piston's and
   * Judge0's APIs and are described in docs/compat.md, not here.
   */
  private List<HttpServer.Route> runboxRoutes() {
    return http.server.routes().stream()
        .filter(
            r ->
                !CyberDojoApi.PATHS.contains(r.path())
                    && !PistonApi.PATHS.contains(r.path())
                    && !Judge0Api.PATHS.contains(r.path()))
        .toList();
  }

  @Test
  void leavesThePlaygroundPagesOutAsStaticFilesThatAreNotApi() {
    for (String page : List.of("/", "/docs/")) {
      assertThat(http.get(page).status()).as(page + " is served").isEqualTo(200);
      assertThat(http.server.routes())
          .as(page + " is no API route")
          .noneMatch(r -> r.path().equals(page));
      assertThat(document.path("paths").has(page)).as(page + " is not documented as API").isFalse();
    }
  }

  @Test
  void describesEveryFieldOfARealRunResponse() {
    byte[] binary = {(byte) 0xff, 'x'};
    sandbox.answer(
        new SandboxResult(
            new CapturedBytes(binary, true),
            FakeSandbox.captured("err"),
            1,
            Timeout.INNER,
            false,
            List.of(
                new HarvestedFile(
                    "out.bin", 2, Digests.sha256(binary), new CapturedBytes(binary, false), false),
                new HarvestedFile(
                    "a.py", 1, Digests.sha256(new byte[] {'y'}), FakeSandbox.captured("y"), false)),
            true,
            new Usage(5, Usage.UNKNOWN, 100)));

    TestServer.Response r =
        http.run(Map.of("image", "python", "files", Map.of("a.py", "x", "gone.py", "z")));

    JsonNode run = r.json();
    assertThat(run.at("/stdout/encoding").asText())
        .as("the encoding flag is exercised")
        .isEqualTo("base64");
    assertThat(run.at("/files/deleted/0").asText()).isEqualTo("gone.py");
    schemas.conforms(run, schemas.schema("RunResponse"), "run");
    assertThat(
            schemas.resolve(
                document.at(
                    "/paths/~1v1~1runs/post/responses/200/content/application~1json/schema")))
        .isEqualTo(schemas.schema("RunResponse"));
  }

  @Test
  void describesTheImageHealthAndProblemBodies() {
    schemas.conforms(http.get("/v1/images").json(), schemas.schema("ImageList"), "images");
    schemas.conforms(
        http.get("/v1/images/python").json(), schemas.schema("ImageWithSamples"), "image");
    schemas.conforms(http.get("/health/live").json(), schemas.schema("Health"), "live");
    schemas.conforms(
        http.run("{\"image\": \"python\", \"limits\": {\"time_s\": 9999}}").json(),
        schemas.schema("Problem"),
        "problem");
    http.readinessProblems.set(List.of("no engine"));
    schemas.conforms(http.get("/health/ready").json(), schemas.schema("Problem"), "not ready");
  }

  @Test
  void listsEveryProblemTypeTheServiceCanAnswer() {
    List<String> documented = new ArrayList<>();
    schemas.schema("Problem").at("/properties/type/enum").forEach(t -> documented.add(t.asText()));

    assertThat(documented)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Problem.Type.values()).map(t -> t.uri).toList());
  }

  @Test
  void describesExactlyTheRequestFieldsAndLimitsAccepted() {
    List<String> accepted =
        Arrays.stream(RunBody.class.getRecordComponents())
            .map(c -> c.getAccessor().getAnnotation(JsonProperty.class).value())
            .toList();
    List<String> documented = new ArrayList<>();
    schemas.schema("RunRequest").get("properties").fieldNames().forEachRemaining(documented::add);
    List<String> limits = new ArrayList<>();
    schemas.schema("Limits").get("properties").fieldNames().forEachRemaining(limits::add);

    assertThat(documented).containsExactlyInAnyOrderElementsOf(accepted);
    assertThat(limits)
        .containsExactlyElementsOf(Arrays.stream(Limit.values()).map(Limit::apiName).toList());
  }

  @Test
  void describesEveryFieldOfEveryKindOfJudgeResponse() throws IOException {
    List<JudgeResult> results =
        List.of(
            JudgeResult.of(
                "judge-1",
                Optional.of(
                    new CompileResult(
                        FakeSandbox.captured(""),
                        FakeSandbox.captured("warning"),
                        0,
                        new Usage(300, 250, 1 << 20))),
                List.of(
                    TestResult.of("accepted", testRun(0, Timeout.NONE), Judgement.of(ACCEPTED)),
                    TestResult.of(
                        "wrong",
                        testRun(0, Timeout.NONE),
                        Judgement.wrongAnswer(new Difference(1, 1, "3", "4"))),
                    TestResult.of(
                        "wall", testRun(124, Timeout.INNER), Judgement.timeLimit(TimeLimit.WALL)),
                    TestResult.of(
                        "cpu", testRun(137, Timeout.NONE), Judgement.timeLimit(TimeLimit.CPU)),
                    TestResult.of("memory", testRun(137, Timeout.NONE), Judgement.of(MEMORY_LIMIT)),
                    TestResult.of("output", testRun(0, Timeout.NONE), Judgement.of(OUTPUT_LIMIT)),
                    TestResult.of(
                        "segfault", testRun(139, Timeout.NONE), Judgement.of(RUNTIME_ERROR)),
                    TestResult.of(
                        "checker",
                        testRun(0, Timeout.NONE),
                        Judgement.checked(INTERNAL_ERROR, "the checker 'x' ended with 3")),
                    TestResult.notRun("lost"),
                    TestResult.skipped("skipped"))),
            JudgeResult.of(
                "judge-2",
                Optional.empty(),
                List.of(
                    TestResult.of(
                        "checked",
                        testRun(0, Timeout.NONE),
                        Judgement.checked(ACCEPTED, "ok 1 token")))),
            JudgeResult.of(
                "judge-3",
                Optional.of(
                    new CompileResult(
                        FakeSandbox.captured(""),
                        FakeSandbox.captured("error: expected ';'"),
                        1,
                        new Usage(5, Usage.UNKNOWN, 3))),
                List.of(TestResult.skipped("a"), TestResult.skipped("b"))));
    Set<String> testVerdicts = new HashSet<>();
    Set<String> verdicts = new HashSet<>();

    for (JudgeResult result : results) {
      JsonNode judged = new ObjectMapper().readTree(JudgeBodies.write(result));
      schemas.conforms(judged, schemas.schema("JudgeResponse"), result.id());
      verdicts.add(judged.get("verdict").asText());
      judged.get("tests").forEach(t -> testVerdicts.add(t.get("verdict").asText()));
    }

    assertThat(verdicts).containsExactlyInAnyOrder("wrong_answer", "accepted", "compile_error");
    assertThat(testVerdicts)
        .as("every verdict a test can have is exercised")
        .containsExactlyInAnyOrderElementsOf(enumOf(schemas.schema("JudgeTestResult"), "verdict"));
    assertThat(
            schemas.resolve(
                document.at(
                    "/paths/~1v1~1judge/post/responses/200/content/application~1json/schema")))
        .isEqualTo(schemas.schema("JudgeResponse"));
  }

  @Test
  void describesARealJudgeAnswerAndARefusalOfTooManyTests() {
    String tests =
        "[{\"name\": \"right\", \"stdin\": \"1 2\\n\", \"expected_output\": \"ok\\n\"},"
            + " {\"name\": \"wrong\", \"expected_output\": \"no\\n\", \"args\": [\"-v\"],"
            + " \"limits\": {\"time_s\": 2, \"cpu_time_s\": 0.5}}]";

    TestServer.Response judged =
        http.postJson(
            "/v1/judge",
            "{\"image\": \"python\", \"files\": {\"main.py\": \"print('ok')\"}, \"tests\": "
                + tests
                + ", \"compare\": {\"mode\": \"tokens\"}, \"stop\": \"never\","
                + " \"limits\": {\"run\": {\"memory_mib\": 64}}}");
    TestServer.Response tooMany =
        http.postJson(
            "/v1/judge",
            "{\"image\": \"python\", \"files\": {\"main.py\": \"\"}, \"tests\": ["
                + String.join(
                    ",",
                    java.util.stream.IntStream.range(0, 501)
                        .mapToObj(i -> "{\"name\": \"t" + i + "\", \"expected_output\": \"\"}")
                        .toList())
                + "]}");

    assertThat(judged.status()).as(judged.body()).isEqualTo(200);
    schemas.conforms(judged.json(), schemas.schema("JudgeResponse"), "judge");
    assertThat(judged.json().at("/tests/0/verdict").asText()).isEqualTo("accepted");
    assertThat(judged.json().at("/tests/1/verdict").asText()).isEqualTo("wrong_answer");
    assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(400);
    schemas.conforms(tooMany.json(), schemas.schema("Problem"), "too many tests");
    assertThat(tooMany.json().get("field").asText()).isEqualTo("tests");
    assertThat(tooMany.json().get("detail").asText()).contains("max_tests");
  }

  @Test
  void describesExactlyTheJudgeResponseFieldsWrittenAndTheirVerdicts() {
    Map<String, String> written =
        Map.of(
            "JudgeResponse", "JudgeResponse",
            "JudgeResponse$Compile", "JudgeCompile",
            "JudgeResponse$Test", "JudgeTestResult",
            "JudgeResponse$DifferenceBody", "Difference",
            "JudgeResponse$SummaryBody", "JudgeSummary");

    written.forEach(
        (record, schema) ->
            assertThat(propertiesOf(schemas.schema(schema)))
                .as(schema)
                .containsExactlyInAnyOrderElementsOf(jsonNames(record)));
    assertThat(enumOf(schemas.schema("JudgeResponse"), "verdict"))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Verdict.values())
                .filter(v -> v != SKIPPED)
                .map(Verdict::apiName)
                .toList());
    assertThat(enumOf(schemas.schema("JudgeTestResult"), "verdict"))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Verdict.values())
                .filter(v -> v != Verdict.COMPILE_ERROR)
                .map(Verdict::apiName)
                .toList());
    assertThat(enumOf(schemas.schema("JudgeTestResult"), "limit"))
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(
                    Arrays.stream(TimeLimit.values()).map(TimeLimit::apiName), Stream.of("null"))
                .toList());
  }

  @Test
  void describesExactlyTheJudgeRequestFieldsAndLimitsAccepted() {
    Map<String, JsonNode> read =
        Map.of(
            "JudgeBody", schemas.schema("JudgeRequest"),
            "JudgeBody$Test", schemas.schema("JudgeTest"),
            "JudgeBody$CompareBody", schemas.schema("JudgeCompare"),
            "JudgeBody$CheckerBody", schemas.schema("JudgeChecker"),
            "JudgeBody$LimitsBody", schemas.schema("JudgeRequest").at("/properties/limits"));

    read.forEach(
        (record, schema) ->
            assertThat(propertiesOf(schema))
                .as(record)
                .containsExactlyInAnyOrderElementsOf(jsonNames(record)));
    assertThat(propertiesOf(schemas.schema("TestLimits")))
        .containsExactlyElementsOf(
            Stream.concat(
                    Arrays.stream(Limit.values()).map(Limit::apiName), Stream.of("cpu_time_s"))
                .toList());
    assertThat(
            schemas
                .schema("JudgeRequest")
                .at("/properties/limits/properties/compile/$ref")
                .asText())
        .isEqualTo("#/components/schemas/Limits");
    assertThat(enumOf(schemas.schema("JudgeCompare"), "mode"))
        .containsExactlyElementsOf(
            Arrays.stream(CompareMode.values()).map(CompareMode::apiName).toList());
    assertThat(enumOf(schemas.schema("JudgeRequest"), "stop"))
        .containsExactlyElementsOf(
            Arrays.stream(StopPolicy.values()).map(StopPolicy::apiName).toList());
  }

  private static TestRun testRun(int status, Timeout timeout) {
    return new TestRun(
        status,
        timeout,
        false,
        new CapturedBytes(new byte[] {(byte) 0xff, '3'}, true),
        FakeSandbox.captured(""),
        new Usage(12, 7, 4096));
  }

  private static List<String> propertiesOf(JsonNode schema) {
    List<String> names = new ArrayList<>();
    schema.get("properties").fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> enumOf(JsonNode schema, String property) {
    List<String> values = new ArrayList<>();
    schema.at("/properties/" + property + "/enum").forEach(v -> values.add(v.asText()));
    return values;
  }

  /**
   * The JSON names of a record of the judge API's bodies (package-private there, so found by name).
   */
  private static List<String> jsonNames(String record) {
    try {
      return Arrays.stream(Class.forName("dev.runbox.http.api." + record).getRecordComponents())
          .map(c -> c.getAccessor().getAnnotation(JsonProperty.class).value())
          .toList();
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no record " + record, e);
    }
  }
}
