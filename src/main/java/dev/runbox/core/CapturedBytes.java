package dev.runbox.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Bytes kept from a stream or a file, up to a cap, and whether more was cut off. Text is offered as
 * text; bytes that are not valid UTF-8 are flagged, and offered as base64 or with replacements.
 */
public record CapturedBytes(byte[] bytes, boolean truncated) {
  public CapturedBytes {
    bytes = bytes.clone();
  }

  public static CapturedBytes empty() {
    return new CapturedBytes(new byte[0], false);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }

  /**
   * True when the bytes decode as UTF-8 (a multi-byte character cut by the cap counts as valid).
   */
  public boolean isUtf8() {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, bytes.length - cutTail()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** The text, with U+FFFD in place of bytes that are not UTF-8. */
  public String text() {
    return new String(bytes, 0, bytes.length - (truncated ? cutTail() : 0), StandardCharsets.UTF_8);
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** How many trailing bytes form an incomplete UTF-8 character at a cut. */
  private int cutTail() {
    if (!truncated) {
      return 0;
    }
    int n = bytes.length;
    for (int back = 1; back <= Math.min(3, n); back++) {
      int b = bytes[n - back] & 0xff;
      if ((b & 0xc0) == 0xc0) {
        int need = (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 : 4;
        return need > back ? back : 0;
      }
      if ((b & 0xc0) != 0x80) {
        return 0;
      }
    }
    return 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CapturedBytes c
        && c.truncated == truncated
        && Arrays.equals(c.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes) * 2 + (truncated ? 1 : 0);
  }

  @Override
  public String toString() {
    return "CapturedBytes[" + bytes.length + " bytes" + (truncated ? ", truncated" : "") + "]";
  }
}
