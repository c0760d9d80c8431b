package dev.runbox.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns one stream's chunks into text as they come: a UTF-8 character split between two chunks is
 * held back (at most three bytes) until its end arrives; bytes that are not UTF-8 become U+FFFD.
 * Not thread-safe: one per stream, fed in order.
 */
public final class Utf8Chunks {
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private byte[] held = new byte[0];

  /** The text of {@code chunk} after what was held back, holding back an unfinished character. */
  public String next(byte[] chunk) {
    ByteBuffer in = ByteBuffer.allocate(held.length + chunk.length);
    in.put(held).put(chunk).flip();
    CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
    decoder.decode(in, out, false);
    held = new byte[in.remaining()];
    in.get(held);
    return out.flip().toString();
  }

  /** What is still held back, as text (the stream ended inside a character: U+FFFD). */
  public String end() {
    ByteBuffer in = ByteBuffer.wrap(held);
    CharBuffer out = CharBuffer.allocate(held.length + 1);
    decoder.decode(in, out, true);
    decoder.flush(out);
    decoder.reset();
    held = new byte[0];
    return out.flip().toString();
  }
}
