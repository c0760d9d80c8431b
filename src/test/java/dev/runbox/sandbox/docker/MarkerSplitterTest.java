package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MarkerSplitterTest {
  private final ByteArrayOutputStream before = new ByteArrayOutputStream();
  private final ByteArrayOutputStream after = new ByteArrayOutputStream();

  private MarkerSplitter splitter(String marker) {
    return new MarkerSplitter(bytes(marker), before::writeBytes, after::writeBytes);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void splitsAtTheMarkerWhereverTheChunksAreCut() {
    String stream = "out put\u0000mamamarkerss\ntrailer bytes";
    for (int cut = 0; cut <= stream.length(); cut++) {
      before.reset();
      after.reset();
      MarkerSplitter s = splitter("mamarker");
      s.accept(bytes(stream.substring(0, cut)));
      s.accept(bytes(stream.substring(cut)));
      s.end();
      assertThat(s.found()).isTrue();
      assertThat(before.toString(StandardCharsets.ISO_8859_1))
          .as("cut at %d", cut)
          .isEqualTo("out put\u0000ma");
      assertThat(after.toString(StandardCharsets.ISO_8859_1)).isEqualTo("ss\ntrailer bytes");
    }
  }

  @Test
  void oneByteAtATimeFindsAMarkerThatFollowsAPartialCopyOfItself() {
    MarkerSplitter s = splitter("abcabd");
    for (byte b : bytes("xabcabcabdtail")) {
      s.accept(new byte[] {b});
    }
    assertThat(before.toString(StandardCharsets.ISO_8859_1)).isEqualTo("xabc");
    assertThat(after.toString(StandardCharsets.ISO_8859_1)).isEqualTo("tail");
  }

  @Test
  void withoutTheMarkerEverythingIsOutputIncludingAPartialMatchAtTheEnd() {
    MarkerSplitter s = splitter("marker");
    s.accept(bytes("no mark here, only mark"));
    assertThat(s.awaitSettled(Duration.ZERO)).isFalse();
    s.end();
    assertThat(s.awaitSettled(Duration.ZERO)).isTrue();
    assertThat(s.found()).isFalse();
    assertThat(before.toString(StandardCharsets.ISO_8859_1)).isEqualTo("no mark here, only mark");
    assertThat(after.size()).isZero();
  }

  @Test
  void everythingAfterTheMarkerGoesToTheTrailerEvenAnotherMarker() {
    MarkerSplitter s = splitter("XY");
    s.accept(bytes("aXYbXYc"));
    s.accept(bytes("XY"));
    assertThat(s.awaitSettled(Duration.ZERO)).isTrue();
    assertThat(before.toString(StandardCharsets.ISO_8859_1)).isEqualTo("a");
    assertThat(after.toString(StandardCharsets.ISO_8859_1)).isEqualTo("bXYcXY");
  }

  @Test
  void theReaderLearnsTheMarkerWasFoundWhileTheWriterIsBlockedPassingWhatFollowsIt()
      throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    MarkerSplitter s =
        new MarkerSplitter(
            bytes("mark"),
            b -> {},
            b -> {
              try {
                release.await(60, java.util.concurrent.TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Thread writer = Thread.ofVirtual().start(() -> s.accept(bytes("out mark tar bytes")));
    try {
      assertThat(s.awaitSettled(Duration.ofSeconds(30))).isTrue();
      java.util.concurrent.CompletableFuture<Boolean> found =
          java.util.concurrent.CompletableFuture.supplyAsync(s::found);
      assertThat(found.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } finally {
      release.countDown();
      writer.join(Duration.ofSeconds(30));
    }
  }
}
