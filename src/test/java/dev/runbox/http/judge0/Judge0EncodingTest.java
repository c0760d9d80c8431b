package dev.runbox.http.judge0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Judge0EncodingTest {
  @Test
  void encodesAsRubysEncode64WithALineBreakAfterEvery60CharactersAndAtTheEnd() {
    assertThat(Judge0Base64.encode("hello, Judge0\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("aGVsbG8sIEp1ZGdlMAo=\n");
    String long64 = Judge0Base64.encode(new byte[100]);
    String[] lines = long64.split("\n", -1);
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).hasSize(60);
    assertThat(lines[1]).hasSize(60);
    assertThat(lines[2]).hasSize(16);
    assertThat(lines[3]).isEmpty();
    assertThat(Judge0Base64.encode(new byte[0])).isEmpty();
  }

  @Test
  void decodesWithOrWithoutLineBreaksAndRefusesWhatIsNotBase64() {
    assertThat(Judge0Base64.decode("aGVs\nbG8=\n"))
        .hasValueSatisfying(
            b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("hello"));
    assertThat(Judge0Base64.decode("print('hi')")).isEmpty();
  }

  @Test
  void writesDecimalsAsJudge0DoesWithADigitAfterThePoint() {
    assertThat(Decimals.judge0(new BigDecimal("5"))).isEqualTo("5.0");
    assertThat(Decimals.judge0(new BigDecimal("15.00"))).isEqualTo("15.0");
    assertThat(Decimals.seconds(12)).isEqualTo("0.012");
    assertThat(Decimals.seconds(1500)).isEqualTo("1.5");
    assertThat(Decimals.seconds(0)).isEqualTo("0.0");
  }

  @Test
  void selectsTheDefaultFieldsAllOrAListAlwaysInTheSubmissionsOrder() {
    assertThat(Judge0Fields.select(null))
        .containsExactly(
            "stdout", "time", "memory", "stderr", "token", "compile_output", "message", "status");
    assertThat(Judge0Fields.select("")).isEqualTo(Judge0Fields.select(null));
    assertThat(Judge0Fields.select("*")).hasSize(35).isEqualTo(Judge0Fields.ALL);
    assertThat(Judge0Fields.select("status,*")).hasSize(35);
    assertThat(Judge0Fields.select("status,token,stdout"))
        .containsExactly("stdout", "token", "status");
  }

  @Test
  void refusesUnknownFieldsUntrimmedAsJudge0Does() {
    assertThatThrownBy(() -> Judge0Fields.select("foo"))
        .isInstanceOfSatisfying(
            Judge0Refusal.class,
            r -> {
              assertThat(r.status()).isEqualTo(400);
              assertThat(r.body()).isEqualTo(java.util.Map.of("error", "invalid fields: [foo]"));
            });
    assertThatThrownBy(() -> Judge0Fields.select("stdout, stderr,bar"))
        .hasMessage("invalid fields: [ stderr, bar]");
  }

  @Test
  void listsStatusesOneToFourteenExactly() {
    assertThat(Judge0Status.all()).hasSize(14);
    assertThat(Judge0Status.all().getFirst()).isEqualTo(new Judge0Status.Body(1, "In Queue"));
    assertThat(Judge0Status.all().get(10))
        .isEqualTo(new Judge0Status.Body(11, "Runtime Error (NZEC)"));
    assertThat(Judge0Status.all().get(13))
        .isEqualTo(new Judge0Status.Body(14, "Exec Format Error"));
    assertThat(Judge0Status.ofSignal(11)).isEqualTo(Judge0Status.SIGSEGV);
    assertThat(Judge0Status.ofSignal(9)).isEqualTo(Judge0Status.OTHER);
  }
}
