package dev.runbox.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is rendered from the key registry; this test keeps it fresh. */
class ConfigurationDocsTest {
  private static final Path DOCS = Path.of("docs/configuration.md");
  private static final String REGENERATE =
      "./mvnw -o test -Dtest=ConfigurationDocsTest -Drunbox.writeDocs=true";

  static String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# Configuration\n\n")
        .append(
            "<!-- Generated from the key registry (ConfigKeys); do not edit by hand. After changing a key, run:\n")
        .append("     ")
        .append(REGENERATE)
        .append(" -->\n\n")
        .append(
            "Each key is read from a properties file (`--config FILE`), overridden by an environment variable\n")
        .append(
            "(`RUNBOX_` and the key in upper case, dots as underscores), overridden by a flag\n")
        .append(
            "(`--set key=value`; `serve` also takes `--host`, `--port` and `--allow-anonymous`). Everything is\n")
        .append(
            "validated at start-up: an unknown key or a bad value stops the start with a message naming the\n")
        .append("key, and nothing is clamped. `runbox serve --help` lists the same keys.\n\n")
        .append("| key | default | environment variable | meaning |\n")
        .append("| --- | --- | --- | --- |\n");
    for (ConfigKey<?> k : ConfigKeys.all()) {
      String dflt = k.defaultValue().isEmpty() ? "(empty)" : "`" + k.defaultValue() + "`";
      b.append("| `")
          .append(k.name())
          .append("` | ")
          .append(dflt)
          .append(" | `")
          .append(k.envName())
          .append("` | ")
          .append(k.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    return b.toString();
  }

  @Test
  void theConfigurationPageIsRenderedFromTheRegistry() throws Exception {
    String expected = markdown();
    if (Boolean.getBoolean("runbox.writeDocs")) {
      Files.writeString(DOCS, expected, StandardCharsets.UTF_8);
    }
    String actual = Files.exists(DOCS) ? Files.readString(DOCS, StandardCharsets.UTF_8) : "";
    assertThat(actual).as("docs/configuration.md is stale: run " + REGENERATE).isEqualTo(expected);
  }
}
