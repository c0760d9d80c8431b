package dev.runbox.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LiveInputTest {
  @Test
  void givesWhatWasSentInOrder() throws Exception {
    LiveInput in = new LiveInput(100);
    in.write("a".getBytes(StandardCharsets.UTF_8));
    in.signal("SIGINT");
    in.endInput();
    in.write("ignored after the end".getBytes(StandardCharsets.UTF_8));

    assertThat(((LiveInput.Data) in.take(in.epoch()).orElseThrow()).bytes()).containsExactly('a');
    assertThat(in.take(in.epoch())).contains(new LiveInput.Signal("SIGINT"));
    assertThat(in.take(in.epoch())).contains(new LiveInput.EndOfInput());
    in.finish();
    assertThat(in.take(in.epoch())).isEmpty();
  }

  @Test
  void refusesStdinOverItsBoundInAllAndAnUnknownSignal() {
    LiveInput in = new LiveInput(4);
    in.write(new byte[3]);

    assertThatThrownBy(() -> in.write(new byte[2]))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).isEqualTo("stdin");
              assertThat(e.getMessage()).contains("at most 4 bytes");
            });
    assertThatThrownBy(() -> in.signal("SIGNOPE"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("signal"));
    assertThatThrownBy(() -> in.signal("KILL")).isInstanceOf(InvalidRequestException.class);
    assertThat(LiveInput.SIGNALS).contains("SIGKILL", "SIGTERM", "SIGINT").hasSize(31);
  }

  @Test
  void boundsTheEventsWaiting() {
    LiveInput in = new LiveInput(1 << 20);
    for (int i = 0; i < LiveInput.MAX_PENDING; i++) {
      in.signal("SIGUSR1");
    }

    assertThatThrownBy(() -> in.signal("SIGUSR1")).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aDetachedReaderTakesNothingMoreAndTheNextOneGetsWhatWaits() throws Exception {
    LiveInput in = new LiveInput(10);
    int first = in.epoch();
    CompletableFuture<Optional<LiveInput.Event>> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return in.take(first);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    in.detach();
    in.endInput();

    assertThat(waiting.get(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(in.take(first)).isEmpty();
    assertThat(in.take(in.epoch())).contains(new LiveInput.EndOfInput());
  }

  @Test
  void finishingReleasesATakerThatWaits() throws Exception {
    LiveInput in = new LiveInput(10);
    CompletableFuture<Optional<LiveInput.Event>> taken =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return in.take(in.epoch());
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    in.finish();

    assertThat(taken.get(10, TimeUnit.SECONDS)).isEmpty();
  }
}
