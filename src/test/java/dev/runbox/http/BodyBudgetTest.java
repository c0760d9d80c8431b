package dev.runbox.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.config.ConfigLoader;
import dev.runbox.core.FakeSandbox;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** Request bodies in memory are bounded by bytes, not only by the number of runs. */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class BodyBudgetTest {
  private final FakeSandbox sandbox = new FakeSandbox().blockUntilReleased(2);
  private final TestServer http =
      new TestServer(
          sandbox, Map.of("max_body_kib", "4", "max_bodies_kib", "8", "max_running", "8"));

  @AfterEach
  void stop() {
    sandbox.release();
    http.close();
  }

  private static String bodyOf(int kib) {
    String pad = "x".repeat(kib * 1024 - 100);
    return "{\"image\": \"tiny\", \"files\": {\"a.sh\": \"# " + pad + "\"}}";
  }

  @Test
  void aRequestBeyondTheBudgetGets429UntilTheBodiesHeldAreDone() throws Exception {
    CompletableFuture<TestServer.Response> first =
        CompletableFuture.supplyAsync(() -> http.run(bodyOf(4)));
    CompletableFuture<TestServer.Response> second =
        CompletableFuture.supplyAsync(() -> http.run(bodyOf(3)));
    sandbox.awaitEntered();

    TestServer.Response refused = http.run(bodyOf(2));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().get("detail").asText()).contains("max_bodies_kib").contains("8 KiB");
    assertThat(refused.header("Retry-After")).isEqualTo("1");

    sandbox.release();
    assertThat(first.get().status()).isEqualTo(200);
    assertThat(second.get().status()).isEqualTo(200);
    assertThat(http.server.bodies.available()).isEqualTo(8);
    assertThat(http.run(bodyOf(4)).status()).isEqualTo(200);
  }

  @Test
  void aBudgetSmallerThanOneBodyIsRefusedAtStartUp() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(),
                    Map.of(),
                    Map.of("max_body_kib", "64", "max_bodies_kib", "32")))
        .hasMessageContaining("max_bodies_kib (32) must be at least max_body_kib (64)");
  }
}
