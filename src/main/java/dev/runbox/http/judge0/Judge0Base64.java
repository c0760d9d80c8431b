package dev.runbox.http.judge0;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Base64 as Judge0 writes it (Ruby's {@code Base64.encode64}: a line break after every 60
 * characters and one at the end) and reads it; unlike Judge0, which skips any character outside the
 * alphabet, input that is not Base64 is refused.
 */
final class Judge0Base64 {
  private static final Base64.Encoder MIME =
      Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII));

  private Judge0Base64() {}

  /** The bytes in lines of 60 characters, each ended by a line break; empty for no bytes. */
  static String encode(byte[] bytes) {
    if (bytes.length == 0) {
      return "";
    }
    return MIME.encodeToString(bytes) + "\n";
  }

  /** The bytes, line breaks ignored; empty when the text is not Base64. */
  static Optional<byte[]> decode(String text) {
    String compact = text.replace("\n", "").replace("\r", "");
    try {
      return Optional.of(Base64.getDecoder().decode(compact));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
