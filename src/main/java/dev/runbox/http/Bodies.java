package dev.runbox.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * Reads request bodies, bounded: a body above the cap is refused (413) by its declared
 * Content-Length before a byte is read, and by the bytes actually read otherwise.
 */
public final class Bodies {
  private Bodies() {}

  /** The whole body, at most {@code maxBytes} of it. */
  public static byte[] read(Context ctx, long maxBytes) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(
          "the body declares " + declared + " bytes; at most " + maxBytes + " are accepted");
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 16));
      if (body.length > maxBytes) {
        throw tooLarge("the body is larger than " + maxBytes + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw new RefusalException(
          Refusal.Kind.INVALID_REQUEST,
          "the body could not be read: " + e.getClass().getSimpleName());
    }
  }

  /**
   * Refuses (415) a media type other than application/json, with no charset or UTF-8 (RFC 8259
   * allows no other).
   */
  public static void requireJson(String contentType) {
    if (contentType == null) {
      throw unsupported("no Content-Type; send application/json");
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
      throw unsupported("Content-Type is '" + parts[0].trim() + "'; send application/json");
    }
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
      if (param.startsWith("charset=") && !param.equals("charset=utf-8")) {
        throw unsupported("JSON must be UTF-8, not " + param.substring("charset=".length()));
      }
    }
  }

  private static RefusalException tooLarge(String message) {
    return new RefusalException(
        new Refusal(Refusal.Kind.TOO_LARGE, message, "", Map.of("Connection", "close")));
  }

  private static RefusalException unsupported(String message) {
    return new RefusalException(Refusal.Kind.UNSUPPORTED_MEDIA_TYPE, message);
  }
}
