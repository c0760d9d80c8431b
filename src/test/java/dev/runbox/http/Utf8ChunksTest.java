package dev.runbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Utf8ChunksTest {
  @Test
  void aCharacterSplitBetweenChunksComesWhole() {
    byte[] euro = "a€b".getBytes(StandardCharsets.UTF_8);
    Utf8Chunks text = new Utf8Chunks();

    assertThat(text.next(Arrays.copyOfRange(euro, 0, 2))).isEqualTo("a");
    assertThat(text.next(Arrays.copyOfRange(euro, 2, 3))).isEmpty();
    assertThat(text.next(Arrays.copyOfRange(euro, 3, 5))).isEqualTo("€b");
    assertThat(text.end()).isEmpty();
  }

  @Test
  void bytesThatAreNotUtf8BecomeReplacementCharacters() {
    Utf8Chunks text = new Utf8Chunks();

    assertThat(text.next(new byte[] {'x', (byte) 0xff, 'y'})).isEqualTo("x\uFFFDy");
    assertThat(text.next(new byte[] {(byte) 0xe2, (byte) 0x82})).isEmpty();
    assertThat(text.end()).isEqualTo("\uFFFD");
  }
}
