package dev.runbox.http.judge0;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.runbox.core.FakeSandbox;
import dev.runbox.http.CompatServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Judge0's routes over the jobs store with callbacks on (a secret, and a loopback receiver on the
 * allow list) and tokens set: callbacks as Judge0 PUTs them, {@code GET /submissions} and {@code
 * GET /statistics}.
 */
class Judge0JobsTest {
  private static final String TOKEN = "t0ken-for-tests";
  private final FakeSandbox sandbox = new FakeSandbox();
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private HttpServer receiver;
  private CompatServer http;

  /** What the receiver saw of one request. */
  private record Received(String method, String path, String contentType, byte[] body) {}

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/",
        ex -> {
          received.add(
              new Received(
                  ex.getRequestMethod(),
                  ex.getRequestURI().toString(),
                  ex.getRequestHeaders().getFirst("Content-Type"),
                  ex.getRequestBody().readAllBytes()));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    receiver.start();
    http =
        new CompatServer(
            sandbox,
            Map.of(
                "tokens",
                TOKEN,
                "callback_secret",
                "s3cret",
                "callback_allow",
                "127.0.0.1:" + receiver.getAddress().getPort()));
  }

  @AfterEach
  void stop() {
    http.close();
    receiver.stop(0);
  }

  private CompatServer.Response get(String path) {
    return http.send("GET", path, null, "X-Auth-Token", TOKEN, "X-Auth-User", TOKEN);
  }

  private CompatServer.Response post(String path, Object body) {
    return http.post(path, body, "X-Auth-Token", TOKEN);
  }

  private static Map<String, Object> python(String source) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source_code", source);
    m.put("language_id", 71);
    return m;
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private String hook() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/judge0/hook?x=1";
  }

  @Test
  void aFinishedSubmissionIsPutToItsCallbackWithTheDefaultFieldsInBase64() throws Exception {
    sandbox.answer(FakeSandbox.result(0, "hi\n", ""));
    Map<String, Object> body = python("print('hi')");
    body.put("callback_url", hook());

    JsonNode done = post("/submissions?wait=true&fields=token,callback_url", body).json();
    Received r = received.poll(30, TimeUnit.SECONDS);

    assertThat(done.get("callback_url").asText()).isEqualTo(hook());
    assertThat(r).as("a callback within 30 s").isNotNull();
    assertThat(r.method()).isEqualTo("PUT");
    assertThat(r.path()).isEqualTo("/judge0/hook?x=1");
    assertThat(r.contentType()).isEqualTo("application/json");
    JsonNode sent = new ObjectMapper().readTree(r.body());
    assertThat(names(sent))
        .containsExactly(
            "stdout", "time", "memory", "stderr", "token", "compile_output", "message", "status");
    assertThat(sent.get("token").asText()).isEqualTo(done.get("token").asText());
    assertThat(sent.get("stdout").asText()).isEqualTo("aGkK\n");
    assertThat(sent.get("stderr").isNull()).isTrue();
    assertThat(sent.get("status").get("id").asInt()).isEqualTo(3);
    assertThat(sent.get("status").get("description").asText()).isEqualTo("Accepted");
    assertThat(received.poll(200, TimeUnit.MILLISECONDS)).as("one delivery").isNull();
  }

  @Test
  void inABatchASubmissionWithACallbackHasAJobOfItsOwnAndEachIsCounted() throws Exception {
    sandbox.answer(FakeSandbox.result(0, "hi\n", ""));
    Map<String, Object> hooked = python("print('hi')");
    hooked.put("callback_url", hook());
    Map<String, Object> batch =
        Map.of("submissions", List.of(python("print('hi')"), hooked, python("print('hi')")));

    JsonNode tokens = post("/submissions/batch", batch).json();
    Received r = received.poll(30, TimeUnit.SECONDS);

    assertThat(r).as("a callback within 30 s").isNotNull();
    assertThat(new ObjectMapper().readTree(r.body()).get("token").asText())
        .isEqualTo(tokens.get(1).get("token").asText());
    JsonNode index = get("/submissions").json();
    assertThat(index.get("submissions")).hasSize(3);
    assertThat(index.at("/meta/total_count").asLong()).as("jobs").isEqualTo(2);
    JsonNode stats = get("/statistics").json();
    assertThat(stats.at("/languages/0/count").asLong()).isEqualTo(3);
    assertThat(received.poll(200, TimeUnit.MILLISECONDS)).as("one delivery").isNull();
  }

  @Test
  void aCallbackToAnAddressRunboxMustNotCallIsRefusedOnCallbackUrl() {
    for (String url : List.of("http://10.1.2.3/hook", "http://169.254.169.254/", "file:///x")) {
      Map<String, Object> body = python("print(1)");
      body.put("callback_url", url);

      CompatServer.Response r = post("/submissions", body);

      assertThat(r.status()).as(url).isEqualTo(422);
      assertThat(names(r.json())).as(r.body()).containsExactly("callback_url");
    }
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void configInfoReportsTheCallbacksInForce() {
    JsonNode config = get("/config_info").json();

    assertThat(config.get("enable_callbacks").asBoolean()).isTrue();
    assertThat(config.get("callbacks_max_tries").asInt()).isEqualTo(10);
    assertThat(config.get("callbacks_timeout").isDouble()).isTrue();
    assertThat(config.get("callbacks_timeout").asDouble()).isEqualTo(15.0);
  }

  @Test
  void theIndexPagesTheSubmissionsNewestFirstBehindAuthorization() {
    sandbox.answer(FakeSandbox.result(0, "ok\n", ""));
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tokens.add(
          0,
          post("/submissions?wait=true", python("print(" + i + ")")).json().get("token").asText());
    }

    assertThat(http.send("GET", "/submissions", null, "X-Auth-Token", TOKEN).status())
        .isEqualTo(403);
    JsonNode first = get("/submissions?per_page=2").json();
    assertThat(names(first)).containsExactly("submissions", "meta");
    assertThat(first.get("submissions").findValuesAsText("token"))
        .containsExactly(tokens.get(0), tokens.get(1));
    assertThat(names(first.get("submissions").get(0)))
        .containsExactly(
            "stdout", "time", "memory", "stderr", "token", "compile_output", "message", "status");
    assertThat(first.get("meta").toString())
        .isEqualTo(
            "{\"current_page\":1,\"next_page\":2,\"prev_page\":null,\"total_pages\":2,"
                + "\"total_count\":3}");
    JsonNode second = get("/submissions?page=2&per_page=2&fields=token,status_id").json();
    assertThat(second.get("submissions").findValuesAsText("token")).containsExactly(tokens.get(2));
    assertThat(names(second.get("submissions").get(0))).containsExactly("status_id", "token");
    assertThat(second.get("meta").get("prev_page").asInt()).isEqualTo(1);
    assertThat(second.get("meta").get("next_page").isNull()).isTrue();
    assertThat(get("/submissions").json().get("submissions")).hasSize(3);
    assertThat(get("/submissions?page=9").json().get("submissions")).isEmpty();
    assertThat(
            get("/submissions?base64_encoded=true&fields=stdout")
                .json()
                .get("submissions")
                .get(0)
                .get("stdout")
                .asText())
        .isEqualTo("b2sK\n");
  }

  @Test
  void theIndexRefusesPagesAsJudge0Does() {
    assertThat(get("/submissions?page=-4").body()).isEqualTo("{\"error\":\"invalid page: -4\"}");
    assertThat(get("/submissions?page=abc").body()).isEqualTo("{\"error\":\"invalid page: 0\"}");
    CompatServer.Response perPage = get("/submissions?per_page=-2");
    assertThat(perPage.status()).isEqualTo(400);
    assertThat(perPage.body()).isEqualTo("{\"error\":\"invalid per_page: -2\"}");
    assertThat(get("/submissions?per_page=1000").status()).isEqualTo(400);
    assertThat(get("/submissions?fields=foo").body())
        .isEqualTo("{\"error\":\"invalid fields: [foo]\"}");
  }

  @Test
  void statisticsCountTheSubmissionsAndAreCachedUntilInvalidated() {
    sandbox.answer(FakeSandbox.result(0, "ok\n", ""));
    post("/submissions?wait=true", python("print(1)"));
    post("/submissions?wait=true", python("print(2)"));

    JsonNode s = get("/statistics").json();

    assertThat(names(s))
        .containsExactly(
            "created_at", "cached_until", "submissions", "languages", "statuses", "database");
    assertThat(s.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+\\+00:00");
    assertThat(s.at("/submissions/total").asLong()).isEqualTo(2);
    assertThat(s.at("/submissions/today").asLong()).isEqualTo(2);
    JsonNode days = s.at("/submissions/last_30_days");
    assertThat(days).hasSize(30);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    assertThat(names(days)).startsWith(today.minusDays(1).toString());
    assertThat(names(days)).endsWith(today.minusDays(30).toString());
    assertThat(s.get("languages")).hasSize(1);
    assertThat(s.at("/languages/0/language/id").asInt()).isEqualTo(71);
    assertThat(s.at("/languages/0/language/name").asText()).startsWith("Python");
    assertThat(s.at("/languages/0/count").asLong()).isEqualTo(2);
    assertThat(s.at("/statuses/0").toString())
        .isEqualTo("{\"status\":{\"id\":3,\"name\":\"Accepted\"},\"count\":2}");
    assertThat(s.at("/database/size_in_bytes").asLong()).isPositive();
    assertThat(s.at("/database/size_pretty").asText()).matches("\\d+ (bytes|kB|MB|GB|TB)");

    post("/submissions", python("print(3)"));
    assertThat(get("/statistics").json().at("/submissions/total").asLong())
        .as("cached")
        .isEqualTo(2);
    assertThat(get("/statistics?invalidate_cache=true").json().at("/submissions/total").asLong())
        .isEqualTo(3);
  }

  @Test
  void sizesArePrettyAsPostgresWritesThem() {
    assertThat(Judge0Statistics.pretty(0)).isEqualTo("0 bytes");
    assertThat(Judge0Statistics.pretty(10239)).isEqualTo("10239 bytes");
    assertThat(Judge0Statistics.pretty(10240)).isEqualTo("10 kB");
    assertThat(Judge0Statistics.pretty(8_000_000)).isEqualTo("7813 kB");
    assertThat(Judge0Statistics.pretty(25L * 1024 * 1024)).isEqualTo("25 MB");
    assertThat(Judge0Statistics.pretty(3L << 40)).isEqualTo("3072 GB");
  }

  @Test
  void rubysToIReadsPageNumbers() {
    assertThat(Judge0Api.rubyInteger(null, 20)).isEqualTo(20);
    assertThat(Judge0Api.rubyInteger("", 20)).isZero();
    assertThat(Judge0Api.rubyInteger(" 12abc", 1)).isEqualTo(12);
    assertThat(Judge0Api.rubyInteger("-4", 1)).isEqualTo(-4);
    assertThat(Judge0Api.rubyInteger("1_000", 1)).isEqualTo(1000);
    assertThat(Judge0Api.rubyInteger("99999999999999999999999", 1)).isEqualTo(Long.MAX_VALUE);
  }
}
