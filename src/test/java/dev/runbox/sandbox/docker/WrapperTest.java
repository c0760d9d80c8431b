package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wrapper script as loaded from the classpath, and the argv that chooses its mode. */
class WrapperTest {
  @Test
  void theScriptLoadsFromTheClasspathWithEveryNamedStep() {
    assertThat(Wrapper.SCRIPT)
        .contains(
            "unpack()",
            "run_command()",
            "fast_kill()",
            "count_leftovers()",
            "kill_all()",
            "read_counters()",
            "send_files()")
        .contains("report)", "outside)", "init)");
  }

  @Test
  void theScriptFileKeepsTheArgumentForWhyTheReportCannotBeForged() {
    assertThat(Wrapper.resource()).contains("not dumpable").contains("marker comes from stdin");
  }

  @Test
  void theShellGetsTheScriptWithoutItsCommentLines() {
    assertThat(Wrapper.SCRIPT)
        .doesNotContain("not dumpable", "shellcheck")
        .startsWith("pids=")
        .endsWith("esac\n");
    assertThat(Wrapper.SCRIPT.lines())
        .noneMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"));
    assertThat(Wrapper.withoutComments("a\n  # note\n\n  b # kept\necho '## end'\n"))
        .isEqualTo("a\n  b # kept\necho '## end'\n");
  }

  @Test
  void theReportModeHasTheSameArgvForEveryRunSoItCanStartBeforeTheRunIsKnown() {
    assertThat(Wrapper.report(Wrapper.RUNNER_SHELL))
        .containsExactly("/usr/lib/runbox/sh", "-c", Wrapper.SCRIPT, "runbox", "report");
  }

  @Test
  void theInitModeIsTheSameArgvForEveryContainerUnderTheRunnerShell() {
    assertThat(Wrapper.init())
        .containsExactly("/usr/lib/runbox/sh", "-c", Wrapper.SCRIPT, "runbox", "init");
  }

  @Test
  void theRequestCarriesTheMarkerTheCountsAndTheTextWithASeparatorNoItemContains() {
    byte[] head =
        Wrapper.request(
            "runbox:secret\n".getBytes(StandardCharsets.US_ASCII),
            Duration.ofSeconds(10),
            "echo hi; exit 3",
            List.of("A=1", "B=two words\nand a line"),
            5,
            2048,
            1024);
    String[] lines = new String(head, StandardCharsets.UTF_8).split("\n", 3);
    assertThat(lines[0]).isEqualTo("runbox:secret");
    String[] counts = lines[1].split(" ");
    assertThat(counts).hasSize(6);
    assertThat(counts[0]).isEqualTo("10");
    assertThat(counts[1]).isEqualTo("5");
    assertThat(counts[2]).isEqualTo("2048");
    assertThat(counts[3]).isEqualTo("1024");
    String sep = counts[5];
    assertThat(sep).matches("<runbox-[0-9a-f]{24}>");
    assertThat(counts[4]).as("the text's lines").isEqualTo("2");
    assertThat(lines[2])
        .isEqualTo("echo hi; exit 3" + sep + "A=1" + sep + "B=two words\nand a line" + sep + "\n");
  }

  @Test
  void eachRequestHasItsOwnSeparator() {
    byte[] marker = "\n".getBytes(StandardCharsets.US_ASCII);
    String a =
        new String(
            Wrapper.request(marker, Duration.ofSeconds(1), "x", List.of(), 0, 0, 0),
            StandardCharsets.UTF_8);
    String b =
        new String(
            Wrapper.request(marker, Duration.ofSeconds(1), "x", List.of(), 0, 0, 0),
            StandardCharsets.UTF_8);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void theOutsideModeRunsUnderThePlainShellWithNoOtherArgument() {
    assertThat(Wrapper.outside())
        .containsExactly("/bin/sh", "-c", Wrapper.SCRIPT, "runbox", "outside");
  }
}
