package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GoSignalTest {
  private final ByteArrayOutputStream passed = new ByteArrayOutputStream();
  private final GoSignal go = new GoSignal(passed::writeBytes);

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void theSignalIsStrippedAndWhatFollowsItPassesOn() {
    go.accept(b("runbox:go\nhello\n"));
    go.accept(b("more"));

    assertThat(go.seen()).isTrue();
    assertThat(passed.toString(StandardCharsets.US_ASCII)).isEqualTo("hello\nmore");
  }

  @Test
  void theSignalIsFoundAcrossChunks() {
    go.accept(b("run"));
    go.accept(b("box:"));
    assertThat(go.seen()).isFalse();
    go.accept(b("go\nx"));

    assertThat(go.seen()).isTrue();
    assertThat(passed.toString(StandardCharsets.US_ASCII)).isEqualTo("x");
  }

  @Test
  void aStreamThatEndsBeforeTheSignalNeverStarted() {
    go.accept(b("runbox"));

    assertThat(go.seen()).isFalse();
    assertThat(passed.size()).isZero();
  }

  @Test
  void otherFirstBytesAreNotTheSignalAndAreKept() {
    go.accept(b("something else entirely"));

    assertThat(go.seen()).isFalse();
    assertThat(passed.toString(StandardCharsets.US_ASCII)).isEqualTo("something else entirely");
  }
}
