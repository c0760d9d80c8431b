package dev.runbox.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CapturedBytesTest {
  @Test
  void flagsInvalidUtf8AndReplacesItInText() {
    CapturedBytes c = new CapturedBytes(new byte[] {'o', 'k', (byte) 0xff}, false);
    assertThat(c.isUtf8()).isFalse();
    assertThat(c.text()).isEqualTo("ok\uFFFD");
    assertThat(c.base64()).isEqualTo("b2v/");
  }

  @Test
  void aMultiByteCharacterCutByTheCapIsNotCalledInvalid() {
    byte[] euro = "a€".getBytes(StandardCharsets.UTF_8);
    CapturedBytes cut = new CapturedBytes(java.util.Arrays.copyOf(euro, 3), true);
    assertThat(cut.isUtf8()).isTrue();
    assertThat(cut.text()).isEqualTo("a");
  }
}
