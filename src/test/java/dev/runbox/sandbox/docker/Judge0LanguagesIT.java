package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.images.Judge0Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Judge0 language of the catalog on the real engine, through Judge0's API: its judge sample
 * (see {@link Judge0Samples}) goes in one {@code POST /submissions/batch} as its tests, which
 * compile once, and one more item with a wrong expected output. Each test must be Accepted (3) and
 * the last Wrong Answer (4), so that each language is told apart exactly. Every batch is sent
 * before any is awaited; the service runs two at a time.
 */
@org.junit.jupiter.api.Timeout(value = 300, threadMode = ThreadMode.SEPARATE_THREAD)
class Judge0LanguagesIT {
  /** How long every submission has, from the first batch, to reach a final status. */
  private static final Duration ALL_DONE = Duration.ofSeconds(240);

  private static final String FIELDS =
      "token,status,stdout,stderr,compile_output,message,exit_code";

  private static ServiceFixture service;
  private static Instant sent;
  private static final Map<Integer, Submitted> SUBMITTED = new LinkedHashMap<>();

  /** The tokens of one language's batch, tests first and the wrong expectation last. */
  private record Submitted(List<String> tokens, String refused) {}

  @BeforeAll
  static void start() {
    service = new ServiceFixture(Map.of("max_running", "2"));
    sent = Instant.now();
    for (Judge0Samples.Sample s : Judge0Samples.of(service.catalog)) {
      SUBMITTED.put(s.id(), submit(s));
    }
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  static Stream<Arguments> languages() {
    return Judge0Samples.of(Judge0Samples.repository()).stream()
        .map(s -> Arguments.of(s.id(), s.language().name()));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("languages")
  void judgesItsSampleAcceptedAndAWrongExpectationWrongAnswer(int id, String name) {
    Submitted s = SUBMITTED.get(id);
    assertThat(s).as("language %d was not submitted", id).isNotNull();
    assertThat(s.refused()).as("language %d %s refused", id, name).isNull();

    List<JsonNode> done = awaitFinal(s.tokens());

    List<Integer> expected = new ArrayList<>();
    s.tokens().forEach(t -> expected.add(3));
    expected.set(expected.size() - 1, 4);
    assertThat(done.stream().map(d -> d.get("status").get("id").asInt()).toList())
        .as("language %d %s: %s", id, name, described(done))
        .isEqualTo(expected);
  }

  /** Builds the batch and sends it; a refusal is kept for the language's test to report. */
  private static Submitted submit(Judge0Samples.Sample s) {
    try {
      Map<String, Object> program = new LinkedHashMap<>();
      program.put("language_id", s.id());
      if (s.project()) {
        program.put("additional_files", zip(s.files()));
      } else {
        byte[] source = s.builtFromC() ? built(s) : Files.readAllBytes(s.source());
        program.put("source_code", b64(source));
      }
      List<Judge0Samples.Case> tests = s.tests();
      List<Map<String, Object>> items = new ArrayList<>();
      for (Judge0Samples.Case t : tests) {
        items.add(item(program, t.stdin(), t.expectedOutput()));
      }
      Judge0Samples.Case first = tests.get(0);
      items.add(item(program, first.stdin(), first.expectedOutput().strip() + "0\n"));

      ServiceFixture.Response r =
          service.post("/submissions/batch?base64_encoded=true", Map.of("submissions", items));
      if (r.status() != 201) {
        return new Submitted(List.of(), r.status() + " " + r.body());
      }
      List<String> tokens = new ArrayList<>();
      for (JsonNode answer : r.json()) {
        if (!answer.has("token")) {
          return new Submitted(List.of(), "an item refused: " + r.body());
        }
        tokens.add(answer.get("token").asText());
      }
      return new Submitted(tokens, null);
    } catch (IOException | RuntimeException | AssertionError e) {
      return new Submitted(List.of(), e.toString());
    }
  }

  private static Map<String, Object> item(
      Map<String, Object> program, String stdin, String expectedOutput) {
    Map<String, Object> item = new LinkedHashMap<>(program);
    item.put("stdin", b64(stdin.getBytes(StandardCharsets.UTF_8)));
    item.put("expected_output", b64(expectedOutput.getBytes(StandardCharsets.UTF_8)));
    return item;
  }

  /**
   * The binary of a language whose source is one: its C program compiled by a runbox run in the
   * {@code c} image, and taken back from the files the run created.
   */
  private static byte[] built(Judge0Samples.Sample s) throws IOException {
    String binary = s.language().sourceFile();
    String cFile = binary + Judge0Samples.C_SOURCE;
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("image", "c");
    run.put("files", Map.of(cFile, Files.readString(s.cSource())));
    run.put("command", "gcc -O2 -s -o '" + binary + "' '" + cFile + "'");
    run.put("limits", Map.of("output_kib", 1024));
    ServiceFixture.Response r = service.post("/v1/runs", run);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode result = r.json();
    assertThat(result.get("exit_status").asInt()).as(r.body()).isZero();
    JsonNode file = result.get("files").get("created").get(binary);
    assertThat(file).as("%s in %s", binary, r.body()).isNotNull();
    assertThat(file.get("truncated").asBoolean()).as(binary + " truncated").isFalse();
    return file.has("content_base64")
        ? Base64.getDecoder().decode(file.get("content_base64").asText())
        : file.get("content").asText().getBytes(StandardCharsets.UTF_8);
  }

  private static String zip(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        z.putNextEntry(new ZipEntry(f.getKey()));
        z.write(f.getValue());
        z.closeEntry();
      }
    }
    return b64(bytes.toByteArray());
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Polls the batch (bounded) until every submission's status is final (3 or more). */
  private static List<JsonNode> awaitFinal(List<String> tokens) {
    Instant until = sent.plus(ALL_DONE);
    while (true) {
      ServiceFixture.Response r =
          service.get(
              "/submissions/batch?base64_encoded=true&fields="
                  + FIELDS
                  + "&tokens="
                  + String.join(",", tokens));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      List<JsonNode> all = new ArrayList<>();
      r.json().get("submissions").forEach(all::add);
      assertThat(all).as(r.body()).hasSize(tokens.size()).doesNotContainNull();
      if (all.stream().allMatch(s -> s.get("status").get("id").asInt() >= 3)) {
        return all;
      }
      assertThat(Instant.now()).as("still running: %s", described(all)).isBefore(until);
      service.pause(Duration.ofMillis(200));
    }
  }

  private static String decoded(String base64) {
    try {
      return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return base64;
    }
  }

  /** The submissions with their outputs decoded, for a failure's message. */
  private static String described(List<JsonNode> submissions) {
    StringBuilder out = new StringBuilder();
    for (JsonNode s : submissions) {
      out.append("\n  ").append(s.get("status"));
      for (String f : List.of("stdout", "stderr", "compile_output", "message")) {
        JsonNode v = s.get(f);
        if (v != null && !v.isNull()) {
          out.append(' ').append(f).append('=').append(decoded(v.asText()).replace("\n", "\\n"));
        }
      }
    }
    return out.toString();
  }
}
