package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.Limits;
import dev.runbox.images.ImageCatalogDirectory;
import dev.runbox.images.ImageManifest;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void cyberDojoRunsCyberDojoShWithItsEnvironmentAndRunboxsOwnHomeFiles() {
    String script =
        """
        set -e
        source ~/cyber_dojo_fs_cleaners.sh
        echo "sandbox=${CYBER_DOJO_SANDBOX} image=${CYBER_DOJO_IMAGE_NAME} id=${CYBER_DOJO_ID}"
        echo "home=${HOME} pwd=$(pwd)"
        cmp -s ~/cyber_dojo_fs_cleaners.sh ./cyber_dojo_fs_cleaners.sh || echo "home file is not the request's"
        grep -q "runbox's helpers" ~/cyber_dojo_fs_cleaners.sh && echo "home file is runbox's"
        mkdir -p old/deep && echo x > old/deep/x.txt && echo y > gone.txt
        cyber_dojo_delete_dirs old never_there
        cyber_dojo_delete_files gone.txt never_there.txt
        echo stale > report.txt && mkdir -p report && echo stale > report/stale.txt
        cyber_dojo_reset_dirs report
        echo made > report/made.txt
        printf '\\x7fELF\\x00\\x01' > a.out
        printf 'caf\\xe9\\n' > latin1.txt
        printf 'caf\\xc3\\xa9\\n' > utf8.txt
        ls -A
        """;
    Map<String, String> files = new LinkedHashMap<>();
    files.put("cyber-dojo.sh", script);
    files.put(
        "cyber_dojo_fs_cleaners.sh", "echo FORGED\ncyber_dojo_delete_dirs() { echo forged; }\n");
    String name = "ghcr.io/cyber-dojo-languages/bash_bats:it-env";

    JsonNode out = runCyberDojo(name, "env-42", files);

    String stdout = out.at("/stdout/content").asText();
    assertThat(out.get("outcome").asText()).as(out.toString()).isEqualTo("green");
    assertThat(out.get("status").asText()).isEqualTo("0");
    assertThat(stdout)
        .contains("sandbox=/sandbox image=" + name + " id=env-42\n")
        .contains("home=/tmp pwd=/sandbox\n")
        .contains("home file is not the request's\n")
        .contains("home file is runbox's\n")
        .doesNotContain("FORGED", "forged");
    assertThat(stdout.lines().toList())
        .as("what the cleaners left in /sandbox")
        .doesNotContain("old", "gone.txt")
        .contains("a.out", "latin1.txt", "utf8.txt", "report");
    List<String> created = new java.util.ArrayList<>();
    out.get("created").fieldNames().forEachRemaining(created::add);
    assertThat(created)
        .as("text files only: a.out (NUL) and latin1.txt (not UTF-8) are left out")
        .containsExactly("report.txt", "report/made.txt", "utf8.txt");
    assertThat(out.at("/created/utf8.txt/content").asText()).isEqualTo("café\n");
    assertThat(out.get("changed").size()).as("the request's cleaners file is untouched").isZero();
  }

  @Test
  void cyberDojoRunsAFileSetWithoutCyberDojoShAsBashWould() {
    JsonNode out =
        runCyberDojo("cyberdojofoundation/bash_bats", "no-script", Map.of("hiker.sh", "echo hi\n"));

    assertThat(out.get("status").asText()).as(out.toString()).isEqualTo("127");
    assertThat(out.at("/stderr/content").asText()).contains("cyber-dojo.sh");
    assertThat(out.get("outcome").asText()).isEqualTo("faulty");
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
                "14",
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
  void pistonRunsJavaWhosePublicClassIsNamedOtherwiseThanItsFileAsPistonDoes() {
    String hello =
        "public class Hello {\n  public static void main(String[] a) {\n"
            + "    System.out.println(Helper.greeting() + \" \" + a.length);\n  }\n}\n";
    String helper = "public class Helper { public static String greeting() { return \"OK\"; } }\n";
    for (Map<String, String> first :
        List.of(
            Map.of("name", "Main.java", "content", hello),
            Map.of("content", hello),
            Map.of("name", "solution", "content", hello))) {
      JsonNode out = executeJava(first, Map.of("name", "Helper.java", "content", helper));

      assertThat(out.at("/compile/code").asInt()).as(out.toString()).isZero();
      assertThat(out.at("/run/stdout").asText()).as(out.toString()).isEqualTo("OK 1\n");
      assertThat(out.at("/run/code").asInt()).isZero();
    }
    String main = hello.replace("class Hello", "class Main");
    String packagePrivate = helper.replace("public class", "class");
    JsonNode named =
        executeJava(
            Map.of("name", "Main.java", "content", main),
            Map.of("name", "Helper.java", "content", packagePrivate));
    assertThat(named.at("/run/stdout").asText())
        .as("files named by their classes compile together: " + named)
        .isEqualTo("OK 1\n");
  }

  private JsonNode executeJava(Map<String, String> first, Map<String, String> second) {
    return execute(
        Map.of(
            "language",
            "java",
            "version",
            "*",
            "args",
            List.of("x"),
            "files",
            List.of(first, second)));
  }

  @Test
  void pistonRunsTheSampleOfEveryRuntimeItListsAndEachPrintsOk() throws Exception {
    ImageCatalogDirectory catalog =
        ImageCatalogDirectory.load(
            Path.of("images"),
            new Limits(10, 128, 1, 128, 64, 50, 256),
            new Limits(120, 4096, 2, 1024, 1024, 1024, 4096));
    Map<String, Path> samples = new LinkedHashMap<>();
    for (ImageManifest m : catalog.manifests()) {
      if (m.piston().flatMap(ImageManifest.PistonName::runCommand).isPresent()) {
        try (var files = Files.list(m.folder().resolve(ImageManifest.PISTON_SAMPLES))) {
          samples.put(m.piston().orElseThrow().language(), files.findFirst().orElseThrow());
        }
      }
    }
    List<String> listed = new java.util.ArrayList<>();
    get("/api/v2/runtimes").forEach(r -> listed.add(r.get("language").asText()));
    assertThat(samples.keySet()).containsExactlyInAnyOrderElementsOf(listed);

    for (Map.Entry<String, Path> p : samples.entrySet()) {
      JsonNode out =
          execute(
              Map.of(
                  "language",
                  p.getKey(),
                  "version",
                  "*",
                  "files",
                  List.of(
                      Map.of(
                          "name",
                          p.getValue().getFileName().toString(),
                          "content",
                          Files.readString(p.getValue())))));
      assertThat(out.at("/run/stdout").asText()).as(p.getKey() + ": " + out).isEqualTo("OK\n");
      assertThat(out.at("/run/code").asInt()).as(p.getKey() + ": " + out).isZero();
    }
  }

  private JsonNode get(String path) {
    return service.get(path).json();
  }

  private JsonNode runCyberDojo(String imageName, String id, Map<String, String> files) {
    ServiceFixture.Response r =
        service.post(
            "/run_cyber_dojo_sh",
            Map.of(
                "id",
                id,
                "files",
                files,
                "manifest",
                Map.of(
                    "image_name",
                    imageName,
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
