package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CappedBufferTest {
  @Test
  void keepsExactlyTheCapAndCountsTheRest() {
    CappedBuffer b = new CappedBuffer(10);
    b.write(new byte[7]);
    b.write(new byte[7]);
    b.write(new byte[100]);

    assertThat(b.captured().size()).isEqualTo(10);
    assertThat(b.captured().truncated()).isTrue();
    assertThat(b.totalSeen()).isEqualTo(114);
  }

  @Test
  void isNotTruncatedAtExactlyTheCap() {
    CappedBuffer b = new CappedBuffer(4);
    b.write("abcd".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(b.captured().truncated()).isFalse();
    assertThat(b.captured().text()).isEqualTo("abcd");
  }
}
