package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.LiveInput;
import dev.runbox.core.LiveOutput;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveFramesTest {
  @Test
  void eachEventBecomesTheFrameTheWrapperReads() {
    LiveInput in = new LiveInput(100);
    in.write("two\nlines\n".getBytes(StandardCharsets.UTF_8));
    in.signal("SIGINT");
    in.endInput();
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    LiveFrames frames = new LiveFrames(in);
    byte[] buf = new byte[3];

    while (!read.toString(StandardCharsets.US_ASCII).endsWith("e\n")) {
      int n = frames.read(buf, 0, buf.length);
      assertThat(n).isPositive();
      read.write(buf, 0, n);
    }
    in.finish();

    assertThat(read.toString(StandardCharsets.US_ASCII)).isEqualTo("d 10\ntwo\nlines\ns INT\ne\n");
    assertThat(frames.read()).isEqualTo(-1);
  }

  @Test
  void aTapGivesAStreamUpToTheCapAndSaysOnceThatItCut() {
    List<String> heard = new ArrayList<>();
    LiveOutput to =
        new LiveOutput() {
          @Override
          public void output(Stream stream, byte[] chunk) {
            heard.add(stream.wireName() + " " + new String(chunk, StandardCharsets.US_ASCII));
          }

          @Override
          public void cut(Stream stream) {
            heard.add("cut " + stream.wireName());
          }
        };
    LiveTap tap = new LiveTap(5, LiveOutput.Stream.STDERR, to);

    tap.accept("abc".getBytes(StandardCharsets.US_ASCII));
    tap.accept("defg".getBytes(StandardCharsets.US_ASCII));
    tap.accept("more".getBytes(StandardCharsets.US_ASCII));

    assertThat(heard).containsExactly("stderr abc", "stderr de", "cut stderr");
  }
}
