package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
            "print_counters()",
            "send_files()")
        .contains("report)", "outside)");
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
  void theReportModeGetsTheLimitCommandAndByteCountsAsArguments() {
    assertThat(
            Wrapper.report(
                Wrapper.RUNNER_SHELL, Duration.ofSeconds(10), "echo hi; exit 3", 5, 2048, 1024))
        .containsExactly(
            "/usr/lib/runbox/sh",
            "-c",
            Wrapper.SCRIPT,
            "runbox",
            "report",
            "10",
            "echo hi; exit 3",
            "5",
            "2048",
            "1024");
  }

  @Test
  void theOutsideModeRunsUnderThePlainShellWithNoOtherArgument() {
    assertThat(Wrapper.outside())
        .containsExactly("/bin/sh", "-c", Wrapper.SCRIPT, "runbox", "outside");
  }
}
