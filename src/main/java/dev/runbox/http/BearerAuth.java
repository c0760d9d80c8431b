package dev.runbox.http;

import dev.runbox.core.Digests;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * Guards {@code /v1/*} with bearer tokens when any are configured. Tokens are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, against every token, so the time taken tells neither
 * a token's length nor how much of it matched.
 */
final class BearerAuth {
  private static final String PREFIX = "bearer ";
  private final List<byte[]> digests;

  BearerAuth(List<String> tokens) {
    this.digests = tokens.stream().map(BearerAuth::digest).toList();
  }

  boolean enabled() {
    return !digests.isEmpty();
  }

  void check(Context ctx) {
    if (enabled() && !accepts(ctx.header("Authorization"))) {
      throw new RefusalException(
          new Refusal(
              Refusal.Kind.UNAUTHORIZED,
              "send 'Authorization: Bearer <token>' with a configured token",
              "",
              Map.of("WWW-Authenticate", "Bearer realm=\"runbox\"")));
    }
  }

  /**
   * As {@link #check}, for a WebSocket's upgrade: the token may also come as the query parameter
   * {@code access_token} (RFC 6750), since a browser cannot set headers on a WebSocket.
   */
  void checkUpgrade(Context ctx) {
    String query = ctx.queryParam("access_token");
    if (enabled() && query != null && !query.isBlank() && accepts(PREFIX + query)) {
      return;
    }
    check(ctx);
  }

  boolean accepts(String header) {
    if (header == null
        || header.length() <= PREFIX.length()
        || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    byte[] presented = digest(header.substring(PREFIX.length()).trim());
    boolean match = false;
    for (byte[] d : digests) {
      match |= MessageDigest.isEqual(d, presented);
    }
    return match;
  }

  private static byte[] digest(String token) {
    return Digests.newSha256().digest(token.getBytes(StandardCharsets.UTF_8));
  }
}
