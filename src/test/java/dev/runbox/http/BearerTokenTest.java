package dev.runbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.FakeSandbox;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class BearerTokenTest {
  private static final String RUN = "{\"image\": \"tiny\"}";

  private final FakeSandbox sandbox = new FakeSandbox();
  private final TestServer http =
      new TestServer(sandbox, Map.of("tokens", "s3cret-token,second-token"));

  @AfterEach
  void stop() {
    http.close();
  }

  private static void unauthorized(TestServer.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("type").asText()).isEqualTo("urn:runbox:problem:unauthorized");
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void refusesARunWithoutAToken() {
    unauthorized(http.run(RUN));
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void refusesAWrongTokenAPrefixOfTheTokenAndAnotherScheme() {
    unauthorized(http.run(RUN, "Authorization", "Bearer wrong"));
    unauthorized(http.run(RUN, "Authorization", "Bearer s3cret"));
    unauthorized(http.run(RUN, "Authorization", "Bearer s3cret-token-and-more"));
    unauthorized(http.run(RUN, "Authorization", "Basic czNjcmV0LXRva2Vu"));
    unauthorized(http.run(RUN, "Authorization", "Bearer "));
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void acceptsEachConfiguredToken() {
    assertThat(http.run(RUN, "Authorization", "Bearer s3cret-token").status()).isEqualTo(200);
    assertThat(http.run(RUN, "Authorization", "bearer second-token").status()).isEqualTo(200);
  }

  @Test
  void guardsTheCatalogAndUnknownRoutesUnderV1Too() {
    unauthorized(http.get("/v1/images"));
    unauthorized(http.get("/v1/images/python"));
    unauthorized(http.get("/v1/secret-route"));
    assertThat(http.get("/v1/images", "Authorization", "Bearer s3cret-token").status())
        .isEqualTo(200);
  }

  @Test
  void leavesHealthMetricsAndTheApiDescriptionOpen() {
    assertThat(http.get("/health/live").status()).isEqualTo(200);
    assertThat(http.get("/health/ready").status()).isEqualTo(200);
    assertThat(http.get("/metrics").status()).isEqualTo(200);
    assertThat(http.get("/openapi.json").status()).isEqualTo(200);
  }

  @Test
  void comparesTokensByDigestSoAnyLengthIsHandled() {
    BearerAuth auth = new BearerAuth(java.util.List.of("abc"));

    assertThat(auth.accepts("Bearer abc")).isTrue();
    assertThat(auth.accepts("Bearer  abc ")).isTrue();
    assertThat(auth.accepts("Bearer " + "a".repeat(10_000))).isFalse();
    assertThat(auth.accepts(null)).isFalse();
    assertThat(auth.accepts("Bearer")).isFalse();
  }
}
