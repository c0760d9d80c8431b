package dev.runbox.http.judge0;

import dev.runbox.core.Digests;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Judge0's authentication and authorization over runbox's tokens. Authentication ({@code
 * X-Auth-Token}, as a header or else a query parameter; runbox's {@code Authorization: Bearer} is
 * accepted too) guards every Judge0 route when tokens are configured, and answers 401 with an empty
 * body as Judge0 does. Authorization ({@code X-Auth-User}, header or query parameter) guards the
 * privileged routes and answers 403 with an empty body; as in Judge0 with no authorization token
 * set, those routes are always 403 when runbox has no tokens. Other headers (RapidAPI's) are
 * ignored. Tokens are compared as SHA-256 digests against every token.
 */
final class Judge0Auth {
  static final String AUTHN = "X-Auth-Token";
  static final String AUTHZ = "X-Auth-User";
  private static final String BEARER = "bearer ";

  private final List<byte[]> digests;

  Judge0Auth(List<String> tokens) {
    this.digests = tokens.stream().map(Judge0Auth::digest).toList();
  }

  /** An empty-bodied answer, Judge0's {@code head :unauthorized} or {@code head :forbidden}. */
  static final class Denied extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    Denied(int status) {
      super(status == 401 ? "unauthenticated" : "forbidden", null, false, false);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  /** 401 unless authentication is off or the request carries a configured token. */
  void authenticate(Context ctx) {
    if (digests.isEmpty()) {
      return;
    }
    if (!matches(presented(ctx, AUTHN)) && !matches(bearer(ctx.header("Authorization")))) {
      throw new Denied(401);
    }
  }

  /** 403 unless {@code X-Auth-User} carries a configured token (always 403 without tokens). */
  void authorize(Context ctx) {
    if (!matches(presented(ctx, AUTHZ))) {
      throw new Denied(403);
    }
  }

  /** As Judge0 reads it: the header, or else the parameter of the same name. */
  private static String presented(Context ctx, String name) {
    String header = ctx.header(name);
    return header != null ? header : ctx.queryParam(name);
  }

  private static String bearer(String header) {
    if (header == null
        || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return header.substring(BEARER.length()).trim();
  }

  private boolean matches(String token) {
    if (token == null || digests.isEmpty()) {
      return false;
    }
    byte[] presented = digest(token);
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
