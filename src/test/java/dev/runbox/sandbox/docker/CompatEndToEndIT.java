package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.FileSet;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * cyber-dojo's and Piston's APIs against the real engine: the verdicts and programs' outputs they
 * promise, and nothing left.
 */
@org.junit.jupiter.api.Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
class CompatEndToEndIT {
  private final ServiceFixture service = new ServiceFixture();

  @AfterEach
  void nothingIsLeft() {
    service.close();
  }

  @Test
  void cyberDojoRunsThePythonSamplesToRedAndGreen() {
    JsonNode red = runCyberDojo("red");
    JsonNode green = runCyberDojo("green");

    assertThat(red.get("outcome").asText()).as(red.toString()).isEqualTo("red");
    assertThat(red.get("status").asText()).isEqualTo("1");
    assertThat(red.at("/stdout/content").asText()).contains("failed");
    assertThat(green.get("outcome").asText()).as(green.toString()).isEqualTo("green");
    assertThat(green.get("status").asText()).isEqualTo("0");
    assertThat(green.at("/stdout/content").asText()).contains("passed");
  }

  @Test
  void pistonRunsAPythonProgramWithStdinAndLiteralArguments() {
    String program =
        "import sys\nprint('hello, ' + input())\nfor a in sys.argv[1:]:\n    print('[' + a + ']')\nsys.exit(3)\n";
    JsonNode out =
        execute(
            Map.of(
                "language",
                "py",
                "version",
                "*",
                "stdin",
                "Ada\n",
                "args",
                List.of("a b", "'; rm -rf /", "$HOME"),
                "files",
                List.of(Map.of("content", program))));

    assertThat(out.has("compile")).isFalse();
    assertThat(out.at("/run/stdout").asText())
        .as(out.toString())
        .isEqualTo("hello, Ada\n[a b]\n['; rm -rf /]\n[$HOME]\n");
    assertThat(out.at("/run/code").asInt()).isEqualTo(3);
    assertThat(out.at("/run/status").asText()).isEqualTo("RE");
  }

  @Test
  void pistonCompilesACProgramInOneSandboxAndRunsItInAnother() {
    String program =
        "#include <stdio.h>\nint main(int argc, char **argv) {\n  char name[64];\n"
            + "  if (scanf(\"%63s\", name) != 1) return 2;\n  printf(\"hi %s, %d args, %s\\n\", name, argc - 1, argv[1]);\n  return 0;\n}\n";
    JsonNode out =
        execute(
            Map.of(
                "language",
                "c",
                "version",
                "12",
                "stdin",
                "Grace",
                "args",
                List.of("x y"),
                "files",
                List.of(Map.of("name", "main.c", "content", program))));

    assertThat(out.at("/compile/code").asInt()).as(out.toString()).isZero();
    assertThat(out.at("/run/stdout").asText())
        .as(out.toString())
        .isEqualTo("hi Grace, 1 args, x y\n");
    assertThat(out.at("/run/code").asInt()).isZero();
    assertThat(out.at("/run/signal").isNull()).isTrue();
  }

  @Test
  void pistonRunsAHelloWorldInEveryRuntimeItLists() {
    Map<String, String> programs = new LinkedHashMap<>();
    programs.put("bash", "echo hello");
    programs.put("c", "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n");
    programs.put("c++", "#include <iostream>\nint main() { std::cout << \"hello\\n\"; }\n");
    programs.put(
        "go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n");
    programs.put(
        "java",
        "public class Main { public static void main(String[] a) { System.out.println(\"hello\"); } }\n");
    programs.put("javascript", "console.log('hello')");
    programs.put("php", "<?php echo \"hello\\n\";");
    programs.put("python", "print('hello')");
    programs.put("ruby", "puts 'hello'");
    programs.put("rust", "fn main() { println!(\"hello\"); }\n");
    List<String> listed = new java.util.ArrayList<>();
    get("/api/v2/runtimes").forEach(r -> listed.add(r.get("language").asText()));
    assertThat(programs.keySet()).containsExactlyInAnyOrderElementsOf(listed);

    for (Map.Entry<String, String> p : programs.entrySet()) {
      JsonNode out =
          execute(
              Map.of(
                  "language",
                  p.getKey(),
                  "version",
                  "*",
                  "files",
                  List.of(Map.of("content", p.getValue()))));
      assertThat(out.at("/run/stdout").asText()).as(p.getKey() + ": " + out).isEqualTo("hello\n");
      assertThat(out.at("/run/code").asInt()).as(p.getKey()).isZero();
    }
  }

  private JsonNode get(String path) {
    return service.get(path).json();
  }

  private JsonNode runCyberDojo(String variant) {
    FileSet sample = service.catalog.manifest("python").orElseThrow().samples().get(variant);
    Map<String, String> files = new LinkedHashMap<>();
    sample
        .files()
        .forEach(f -> files.put(f.path(), new String(f.content(), StandardCharsets.UTF_8)));
    files.put("cyber-dojo.sh", "python3 -m pytest *test*.py\n");
    ServiceFixture.Response r =
        service.post(
            "/run_cyber_dojo_sh",
            Map.of(
                "id",
                "34de2W",
                "files",
                files,
                "manifest",
                Map.of(
                    "image_name",
                    "cyberdojofoundation/python_pytest:abc1234",
                    "max_seconds",
                    10,
                    "rag_lambda",
                    "lambda { |stdout, stderr, status| :green }")));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("run_cyber_dojo_sh");
  }

  private JsonNode execute(Map<String, Object> body) {
    ServiceFixture.Response r = service.post("/api/v2/execute", body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }
}
