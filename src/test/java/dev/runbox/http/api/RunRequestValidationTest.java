package dev.runbox.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.FakeSandbox;
import dev.runbox.http.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a body can be wrong ends in 400 problem+json naming the field, and nothing runs. */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class RunRequestValidationTest {
  private final FakeSandbox sandbox = new FakeSandbox();
  private final TestServer http = new TestServer(sandbox);

  @AfterEach
  void nothingRan() {
    assertThat(sandbox.jobs()).isEmpty();
    http.close();
  }

  private JsonNode refused(TestServer.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode j = r.json();
    assertThat(j.get("type").asText()).isEqualTo("urn:runbox:problem:invalid-request");
    assertThat(j.get("title").asText()).isNotBlank();
    assertThat(j.get("status").asInt()).isEqualTo(400);
    assertThat(j.get("detail").asText()).isNotBlank();
    return j;
  }

  @Test
  void refusesMalformedJson() {
    JsonNode j = refused(http.run("{\"image\": \"python\","));

    assertThat(j.get("detail").asText()).startsWith("malformed JSON");
  }

  @Test
  void refusesAnEmptyBody() {
    assertThat(refused(http.run("")).get("detail").asText()).contains("empty");
  }

  @Test
  void refusesABodyThatIsNotAnObject() {
    assertThat(refused(http.run("[1, 2]")).get("detail").asText()).contains("JSON object");
    assertThat(refused(http.run("null")).get("detail").asText()).contains("JSON object");
  }

  @Test
  void refusesContentAfterTheObject() {
    refused(http.run("{\"image\": \"python\"} {}"));
  }

  @Test
  void refusesAnUnknownFieldNamingIt() {
    JsonNode j = refused(http.run("{\"image\": \"python\", \"imgae\": \"x\"}"));

    assertThat(j.get("field").asText()).isEqualTo("imgae");
    assertThat(j.get("detail").asText())
        .contains("unknown field 'imgae'")
        .contains("files_base64")
        .doesNotContain("dev.runbox");
  }

  @Test
  void refusesAnUnknownLimitNamingIt() {
    JsonNode j = refused(http.run("{\"image\": \"python\", \"limits\": {\"swap_mib\": 1}}"));

    assertThat(j.get("field").asText()).isEqualTo("limits.swap_mib");
  }

  @Test
  void refusesAWrongJsonTypeNamingTheField() {
    JsonNode limits =
        refused(http.run("{\"image\": \"python\", \"limits\": {\"time_s\": \"10\"}}"));
    JsonNode files = refused(http.run("{\"image\": \"python\", \"files\": [\"a.py\"]}"));
    JsonNode image = refused(http.run("{\"image\": 3}"));
    JsonNode content = refused(http.run("{\"image\": \"python\", \"files\": {\"a.py\": 1}}"));

    assertThat(limits.get("field").asText()).isEqualTo("limits.time_s");
    assertThat(limits.get("detail").asText()).contains("must be a number");
    assertThat(files.get("field").asText()).isEqualTo("files");
    assertThat(files.get("detail").asText()).contains("must be an object");
    assertThat(image.get("field").asText()).isEqualTo("image");
    assertThat(content.get("field").asText()).isEqualTo("files.a.py");
  }

  @Test
  void refusesAMissingImage() {
    assertThat(refused(http.run("{\"files\": {}}")).get("field").asText()).isEqualTo("image");
  }

  @Test
  void refusesADuplicateKey() {
    JsonNode j =
        refused(http.run("{\"image\": \"python\", \"files\": {\"a.py\": \"1\", \"a.py\": \"2\"}}"));

    assertThat(j.get("detail").asText()).contains("Duplicate field 'a.py'");
  }

  @Test
  void refusesJsonNestedTooDeeply() {
    String deep = "[".repeat(100) + "]".repeat(100);

    JsonNode j = refused(http.run("{\"image\": \"python\", \"stdin\": " + deep + "}"));

    assertThat(j.get("detail").asText()).contains("nested too deeply");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../x",
        "/etc/passwd",
        "a\\b",
        "a\u0000b",
        "a/../../b",
        "",
        "a//b",
        "./x",
        "line\nbreak"
      })
  void refusesAnUnsafeFileName(String path) {
    Map<String, Object> body = new HashMap<>();
    body.put("image", "python");
    body.put("files", Map.of(path, "x"));

    JsonNode j = refused(http.run(body));

    assertThat(j.get("field").asText()).isEqualTo("files");
    assertThat(j.get("detail").asText()).contains("file name");
  }

  @Test
  void refusesAnUnsafeBinaryFileNameToo() {
    refused(http.run(Map.of("image", "python", "files_base64", Map.of("../evil", "AAAA"))));
  }

  @Test
  void refusesAFileSentBothAsTextAndAsBase64() {
    JsonNode j =
        refused(
            http.run(
                Map.of(
                    "image",
                    "python",
                    "files",
                    Map.of("a", "x"),
                    "files_base64",
                    Map.of("a", "eA=="))));

    assertThat(j.get("detail").asText()).contains("duplicate file name: 'a'");
  }

  @Test
  void refusesBadBase64() {
    JsonNode j =
        refused(
            http.run(Map.of("image", "python", "files_base64", Map.of("data.bin", "not base64!"))));

    assertThat(j.get("field").asText()).isEqualTo("files_base64");
    assertThat(j.get("detail").asText()).contains("'data.bin' is not valid base64");
  }

  @Test
  void refusesAnExecutableMarkOnAFileNotSent() {
    JsonNode j =
        refused(
            http.run(
                Map.of(
                    "image",
                    "python",
                    "files",
                    Map.of("a.sh", "x"),
                    "executable",
                    List.of("b.sh"))));

    assertThat(j.get("field").asText()).isEqualTo("executable");
  }

  @Test
  void refusesALimitAboveTheMaximumNamingTheLimitAndTheMaximum() {
    JsonNode j = refused(http.run("{\"image\": \"python\", \"limits\": {\"memory_mib\": 8192}}"));

    assertThat(j.get("field").asText()).isEqualTo("limits.memory_mib");
    assertThat(j.get("detail").asText()).isEqualTo("memory_mib 8192 is above the maximum 4096");
  }

  @Test
  void refusesALimitBelowItsMinimumOrAFraction() {
    JsonNode low = refused(http.run("{\"image\": \"python\", \"limits\": {\"pids\": 1}}"));
    JsonNode fraction = refused(http.run("{\"image\": \"python\", \"limits\": {\"time_s\": 1.5}}"));

    assertThat(low.get("field").asText()).isEqualTo("limits.pids");
    assertThat(fraction.get("detail").asText()).contains("whole number");
  }

  @Test
  void refusesMoreFilesThanTheConfiguredMaximum() {
    Map<String, String> files = new HashMap<>();
    for (int i = 0; i < 21; i++) {
      files.put("f" + i, "x");
    }

    JsonNode j = refused(http.run(Map.of("image", "python", "files", files)));

    assertThat(j.get("detail").asText()).contains("21 files sent; at most 20");
  }

  @Test
  void refusesABlankCommand() {
    assertThat(
            refused(http.run("{\"image\": \"python\", \"command\": \"  \"}")).get("field").asText())
        .isEqualTo("command");
  }
}
