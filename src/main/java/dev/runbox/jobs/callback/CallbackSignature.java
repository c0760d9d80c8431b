package dev.runbox.jobs.callback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a callback: header {@code Runbox-Signature: t=<unix seconds>,v1=<hex>} where the
 * hex is the HMAC-SHA256, keyed with the callback secret, of {@code "<t>.<body>"} (the decimal
 * seconds, a dot, then the body's bytes as sent). A receiver recomputes it over the raw body and
 * rejects a {@code t} too far from its own clock, so a captured request cannot be replayed later.
 */
public final class CallbackSignature {
  public static final String HEADER = "Runbox-Signature";
  private static final String ALGORITHM = "HmacSHA256";
  private static final int DIGEST_BYTES = 32;

  /** What {@link #verify} concluded. */
  public enum Verdict {
    VALID,
    /** Not {@code t=<seconds>,v1=<64 hex digits>}. */
    MALFORMED,
    /** {@code t} is further from now than the tolerance, in either direction. */
    STALE,
    /** Well formed and fresh, but no {@code v1} matches the body under this secret. */
    MISMATCH
  }

  private final byte[] secret;

  /**
   * @param secret the configured callback secret; must not be empty
   */
  public CallbackSignature(String secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("the callback secret must not be empty");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The {@code Runbox-Signature} value for this body, stamped with {@code now}. */
  public String header(byte[] body, Instant now) {
    long t = now.getEpochSecond();
    return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(secret, t, body));
  }

  /**
   * Checks a {@code Runbox-Signature} value against the body received, the shared secret and the
   * receiver's clock. Several {@code v1} entries are allowed (any one may match); unknown keys are
   * ignored. The digests are compared in constant time.
   */
  public static Verdict verify(
      String header, byte[] body, String secret, Instant now, Duration tolerance) {
    if (header == null || body == null || secret == null || secret.isEmpty()) {
      return Verdict.MALFORMED;
    }
    Long t = null;
    List<byte[]> candidates = new ArrayList<>();
    for (String part : header.split(",", -1)) {
      String item = part.strip();
      int eq = item.indexOf('=');
      if (eq <= 0) {
        return Verdict.MALFORMED;
      }
      String key = item.substring(0, eq);
      String value = item.substring(eq + 1);
      switch (key) {
        case "t" -> {
          if (t != null || !value.matches("[0-9]{1,18}")) {
            return Verdict.MALFORMED;
          }
          t = Long.parseLong(value);
        }
        case "v1" -> {
          if (!value.matches("[0-9a-fA-F]{" + (2 * DIGEST_BYTES) + "}")) {
            return Verdict.MALFORMED;
          }
          candidates.add(HexFormat.of().parseHex(value));
        }
        default -> {
          // another scheme's entry: ignored, as a receiver of a later version would
        }
      }
    }
    if (t == null || candidates.isEmpty()) {
      return Verdict.MALFORMED;
    }
    long skew = Math.abs(now.getEpochSecond() - t);
    if (skew > tolerance.toSeconds()) {
      return Verdict.STALE;
    }
    byte[] expected = mac(secret.getBytes(StandardCharsets.UTF_8), t, body);
    boolean match = false;
    for (byte[] candidate : candidates) {
      match |= MessageDigest.isEqual(expected, candidate);
    }
    return match ? Verdict.VALID : Verdict.MISMATCH;
  }

  private static byte[] mac(byte[] key, long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "CallbackSignature[secret=***]";
  }
}
