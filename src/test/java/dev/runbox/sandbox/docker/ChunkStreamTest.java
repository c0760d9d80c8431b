package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChunkStreamTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void chunksComeOutInOrderThenTheEnd() throws IOException {
    ChunkStream in = new ChunkStream(4, Duration.ofSeconds(30));
    in.offer(b("ab"));
    in.offer(b("c"));
    in.end();

    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("abc");
  }

  @Test
  void aChunkThatCouldNotBeQueuedInTimeFailsTheReaderInsteadOfLeavingAHole() throws IOException {
    ChunkStream in = new ChunkStream(1, Duration.ofMillis(20));
    assertThat(in.offer(b("kept"))).isTrue();
    assertThat(in.offer(b("lost"))).as("the queue is full and no one reads").isFalse();
    assertThat(in.offer(b("after"))).as("nothing after a hole is taken").isFalse();
    in.end();

    byte[] first = new byte[4];
    assertThat(in.read(first, 0, 4)).isEqualTo(4);
    assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("kept");
    assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("lost data");
  }
}
