package dev.runbox.http.judge0;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.FakeSandbox;
import dev.runbox.http.CompatServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Judge0's authentication ({@code X-Auth-Token}), authorization ({@code X-Auth-User}) and CORS on
 * runbox's tokens, and its read-only host routes, with a fake sandbox.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class Judge0AuthCorsTest {
  private final FakeSandbox sandbox = new FakeSandbox();
  private final CompatServer open = new CompatServer(sandbox);
  private final CompatServer guarded =
      new CompatServer(new FakeSandbox(), Map.of("tokens", "s3cret"));

  @AfterEach
  void stop() {
    open.close();
    guarded.close();
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void withoutTokensTheRoutesAreOpenButAuthorizationIsAlwaysRefused() {
    assertThat(open.get("/languages").status()).isEqualTo(200);
    assertThat(open.post("/authenticate", null).status()).isEqualTo(200);
    CompatServer.Response authorize =
        open.send("POST", "/authorize", null, "X-Auth-User", "anything");
    assertThat(authorize.status()).isEqualTo(403);
    assertThat(authorize.body()).isEmpty();
    assertThat(open.send("DELETE", "/submissions/abc", null).status()).isEqualTo(403);
  }

  @Test
  void aMissingOrWrongAuthTokenIs401WithAnEmptyBody() {
    for (String path : List.of("/languages", "/statuses", "/about", "/submissions/abc")) {
      CompatServer.Response r = guarded.get(path);
      assertThat(r.status()).as(path).isEqualTo(401);
      assertThat(r.body()).as(path).isEmpty();
    }
    CompatServer.Response wrong = guarded.send("GET", "/languages", null, "X-Auth-Token", "nope");
    assertThat(wrong.status()).isEqualTo(401);
    CompatServer.Response create =
        guarded.post("/submissions", Map.of("source_code", "x", "language_id", 71));
    assertThat(create.status()).isEqualTo(401);
    assertThat(create.body()).isEmpty();
    CompatServer.Response authenticate = guarded.post("/authenticate", null);
    assertThat(authenticate.status()).isEqualTo(401);
    // RapidAPI's headers are not tokens
    assertThat(
            guarded
                .send("GET", "/languages", null, "X-RapidAPI-Key", "s3cret", "X-RapidAPI-Host", "h")
                .status())
        .isEqualTo(401);
  }

  @Test
  void theAuthTokenWorksAsAHeaderAQueryParameterOrRunboxsBearer() {
    assertThat(guarded.send("GET", "/languages", null, "X-Auth-Token", "s3cret").status())
        .isEqualTo(200);
    assertThat(guarded.get("/languages?X-Auth-Token=s3cret").status()).isEqualTo(200);
    assertThat(guarded.send("GET", "/statuses", null, "Authorization", "Bearer s3cret").status())
        .isEqualTo(200);
    CompatServer.Response ok =
        guarded.send(
            "POST", "/authenticate", null, "X-Auth-Token", "s3cret", "X-RapidAPI-Key", "ignored");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).isEmpty();
  }

  @Test
  void authorizationNeedsAConfiguredTokenInXAuthUserAfterAuthentication() {
    assertThat(guarded.send("POST", "/authorize", null, "X-Auth-User", "s3cret").status())
        .as("authentication comes first")
        .isEqualTo(401);
    CompatServer.Response refused =
        guarded.send("POST", "/authorize", null, "X-Auth-Token", "s3cret", "X-Auth-User", "no");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).isEmpty();
    assertThat(
            guarded
                .send("POST", "/authorize", null, "X-Auth-Token", "s3cret", "X-Auth-User", "s3cret")
                .status())
        .isEqualTo(200);
    assertThat(guarded.post("/authorize?X-Auth-Token=s3cret&X-Auth-User=s3cret", null).status())
        .isEqualTo(200);
    assertThat(guarded.send("DELETE", "/submissions/abc", null, "X-Auth-Token", "s3cret").status())
        .isEqualTo(403);
    CompatServer.Response delete =
        guarded.send(
            "DELETE", "/submissions/abc", null, "X-Auth-Token", "s3cret", "X-Auth-User", "s3cret");
    assertThat(delete.status()).isEqualTo(400);
    assertThat(delete.json().get("error").asText()).isEqualTo("delete not allowed");
  }

  @Test
  void aPreflightFromAnyOriginIsAllowedBeforeAnyTokenCheck() {
    for (String path : List.of("/submissions", "/submissions/abc", "/languages/71", "/about")) {
      CompatServer.Response r =
          guarded.send(
              "OPTIONS",
              path + "?base64_encoded=true",
              null,
              "Origin",
              "https://ide.example",
              "Access-Control-Request-Method",
              "POST",
              "Access-Control-Request-Headers",
              "content-type,x-auth-token");
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.body()).isEmpty();
      assertThat(r.headers().get("access-control-allow-origin")).containsExactly("*");
      assertThat(r.headers().get("access-control-allow-methods"))
          .containsExactly("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      assertThat(r.headers().get("access-control-allow-headers"))
          .containsExactly("content-type,x-auth-token");
      assertThat(r.headers().get("access-control-max-age")).containsExactly("7200");
    }
  }

  @Test
  void answersCarryCorsHeadersWithAnOriginAndVaryOriginAlways() {
    CompatServer.Response r = open.send("GET", "/statuses", null, "Origin", "https://ide.example");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().get("access-control-allow-origin")).containsExactly("*");
    assertThat(r.headers().get("access-control-allow-methods"))
        .containsExactly("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    assertThat(r.headers().get("vary")).containsExactly("Origin");
    assertThat(r.headers()).doesNotContainKey("access-control-allow-headers");
    CompatServer.Response unauthenticated =
        guarded.send("GET", "/statuses", null, "Origin", "https://ide.example");
    assertThat(unauthenticated.status()).isEqualTo(401);
    assertThat(unauthenticated.headers().get("access-control-allow-origin")).containsExactly("*");
    CompatServer.Response noOrigin = open.get("/statuses");
    assertThat(noOrigin.headers()).doesNotContainKey("access-control-allow-origin");
    assertThat(noOrigin.headers().get("vary")).containsExactly("Origin");
    assertThat(open.send("OPTIONS", "/statuses", null).status())
        .as("OPTIONS that is not a preflight")
        .isEqualTo(404);
  }

  @Test
  void corsIsOnlyOnJudge0sRoutes() {
    CompatServer.Response r =
        open.send("GET", "/health/live", null, "Origin", "https://ide.example");
    assertThat(r.headers()).doesNotContainKey("access-control-allow-origin");
  }

  @Test
  void systemInfoIsAFlatStringMapOfThisHost() {
    JsonNode info = open.get("/system_info").json();
    assertThat(names(info)).startsWith("Architecture", "CPU(s)").contains("Mem", "Swap");
    info.forEach(v -> assertThat(v.isTextual()).isTrue());
    assertThat(info.get("CPU(s)").asText())
        .isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
    assertThat(Judge0Info.human(8L * 1024 * 1024 * 1024 - 300L * 1024 * 1024)).isEqualTo("7.7G");
    assertThat(Judge0Info.human(16L * 1024 * 1024 * 1024)).isEqualTo("16G");
    assertThat(Judge0Info.human(512L * 1024 * 1024)).isEqualTo("512M");
    assertThat(Judge0Info.human(0)).isEqualTo("0B");
    assertThat(Judge0Info.architecture("amd64")).isEqualTo("x86_64");
  }

  @Test
  void workersDescribeTheJobQueueInJudge0sShape() {
    JsonNode workers = open.get("/workers").json();
    assertThat(workers).hasSize(1);
    assertThat(names(workers.get(0)))
        .containsExactly("queue", "size", "available", "idle", "working", "paused", "failed");
    assertThat(workers.get(0).get("queue").asText()).isEqualTo("1.13.1");
    assertThat(workers.get(0).get("size").asLong()).isZero();
    assertThat(workers.get(0).get("idle").asInt() + workers.get(0).get("working").asInt())
        .isEqualTo(workers.get(0).get("available").asInt());
  }

  @Test
  void licenseIsPlainTextSayingWhatAppliesToRunbox() {
    CompatServer.Response r = open.get("/license");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().get("content-type").getFirst()).startsWith("text/plain");
    assertThat(r.body()).contains("runbox").contains("no license");
  }
}
