package dev.runbox.jobs.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.jobs.callback.CallbackSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackSignatureTest {
  private static final String SECRET = "whsec_test";
  private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
  private static final Instant T = Instant.ofEpochSecond(1_700_000_000L);
  private static final Duration TOLERANCE = Duration.ofMinutes(5);
  // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
  private static final String KNOWN =
      "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789";

  @Test
  void signsTheTimestampDotBodyWithHmacSha256() {
    assertThat(new CallbackSignature(SECRET).header(BODY, T.plusMillis(999))).isEqualTo(KNOWN);
  }

  @Test
  void aSignatureVerifiesWithinTheTolerance() {
    String header = new CallbackSignature(SECRET).header(BODY, T);
    assertThat(CallbackSignature.verify(header, BODY, SECRET, T, TOLERANCE))
        .isEqualTo(Verdict.VALID);
    assertThat(CallbackSignature.verify(header, BODY, SECRET, T.plus(TOLERANCE), TOLERANCE))
        .isEqualTo(Verdict.VALID);
    assertThat(CallbackSignature.verify(header, BODY, SECRET, T.minus(TOLERANCE), TOLERANCE))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void aStaleOrFutureTimestampIsRejected() {
    assertThat(
            CallbackSignature.verify(
                KNOWN, BODY, SECRET, T.plus(TOLERANCE).plusSeconds(1), TOLERANCE))
        .isEqualTo(Verdict.STALE);
    assertThat(
            CallbackSignature.verify(
                KNOWN, BODY, SECRET, T.minus(TOLERANCE).minusSeconds(1), TOLERANCE))
        .isEqualTo(Verdict.STALE);
  }

  @Test
  void anotherSecretOrAnotherBodyDoesNotVerify() {
    assertThat(CallbackSignature.verify(KNOWN, BODY, "other", T, TOLERANCE))
        .isEqualTo(Verdict.MISMATCH);
    byte[] tampered = "{\"a\":2}".getBytes(StandardCharsets.UTF_8);
    assertThat(CallbackSignature.verify(KNOWN, tampered, SECRET, T, TOLERANCE))
        .isEqualTo(Verdict.MISMATCH);
    String otherTime = KNOWN.replace("t=1700000000", "t=1700000001");
    assertThat(CallbackSignature.verify(otherTime, BODY, SECRET, T, TOLERANCE))
        .isEqualTo(Verdict.MISMATCH);
  }

  @Test
  void anyOfSeveralV1EntriesMayMatchAndUnknownKeysAreIgnored() {
    String rotated =
        "t=1700000000, v0=zz, v1=" + "0".repeat(64) + ", " + KNOWN.substring(KNOWN.indexOf("v1="));
    assertThat(CallbackSignature.verify(rotated, BODY, SECRET, T, TOLERANCE))
        .isEqualTo(Verdict.VALID);
    assertThat(
            CallbackSignature.verify(
                KNOWN.toUpperCase().replace("T=", "t=").replace("V1=", "v1="),
                BODY,
                SECRET,
                T,
                TOLERANCE))
        .isEqualTo(Verdict.VALID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "t=1700000000",
        "v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789",
        "t=abc,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789",
        "t=-1,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789",
        "t=1700000000,v1=38877139",
        "t=1700000000,v1=g8877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789",
        "t=1700000000,t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789",
        "t=1700000000;v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789",
        "t=1700000000,,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789",
        "sha256=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"
      })
  void aMalformedHeaderIsRejected(String header) {
    assertThat(CallbackSignature.verify(header, BODY, SECRET, T, TOLERANCE))
        .isEqualTo(Verdict.MALFORMED);
  }

  @Test
  void aMissingHeaderIsMalformed() {
    assertThat(CallbackSignature.verify(null, BODY, SECRET, T, TOLERANCE))
        .isEqualTo(Verdict.MALFORMED);
  }

  @Test
  void anEmptySecretIsRefusedAndNeverPrinted() {
    assertThatThrownBy(() -> new CallbackSignature(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new CallbackSignature(SECRET).toString()).doesNotContain(SECRET);
  }
}
