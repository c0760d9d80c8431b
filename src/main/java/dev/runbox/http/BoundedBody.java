package dev.runbox.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a JSON request body: refuses another media type (415), and a body above the cap (413)
 * by its declared Content-Length before reading and by the bytes actually read.
 */
final class BoundedBody {
  private BoundedBody() {}

  static byte[] readJson(Context ctx, long maxBytes) {
    requireJson(ctx.req().getContentType());
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge("the body declares " + declared + " bytes; at most " + maxBytes + " are accepted");
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 16));
      if (body.length > maxBytes) {
        throw tooLarge("the body is larger than " + maxBytes + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw new HttpProblem(Problem.of(Problem.Type.INVALID_REQUEST, "the body could not be read: " + e.getClass().getSimpleName()));
    }
  }

  /** application/json, with no charset or UTF-8 (RFC 8259 allows no other). */
  static void requireJson(String contentType) {
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

  private static HttpProblem tooLarge(String detail) {
    return new HttpProblem(Problem.of(Problem.Type.TOO_LARGE, detail), java.util.Map.of("Connection", "close"));
  }

  private static HttpProblem unsupported(String detail) {
    return new HttpProblem(Problem.of(Problem.Type.UNSUPPORTED_MEDIA_TYPE, detail));
  }
}
