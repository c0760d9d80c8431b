package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestInputTest {
  @Test
  void aReadWaitsForTheRequestAndThenReadsIt() throws Exception {
    RequestInput in = new RequestInput(Duration.ofMinutes(1));
    CompletableFuture<String> read =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    assertThat(read).isNotDone();

    in.supply(new ByteArrayInputStream("request".getBytes(StandardCharsets.US_ASCII)));

    assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo("request");
  }

  @Test
  void closingEndsAWaitingRead() throws Exception {
    RequestInput in = new RequestInput(Duration.ofMinutes(1));
    CompletableFuture<Integer> read =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return in.read();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });

    in.close();

    assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(-1);
  }

  @Test
  void theWaitIsBounded() throws Exception {
    RequestInput in = new RequestInput(Duration.ofMillis(50));

    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void aSecondRequestIsRefused() {
    RequestInput in = new RequestInput(Duration.ofMinutes(1));
    in.supply(new ByteArrayInputStream(new byte[0]));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> in.supply(new ByteArrayInputStream(new byte[0])))
        .isInstanceOf(IllegalStateException.class);
  }
}
