package dev.runbox.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunEnvironmentTest {
  private static RunEnvironment variables(Map<String, String> v) {
    return new RunEnvironment(v, new FileSet(List.of()));
  }

  @Test
  void acceptsUpperCaseNamesAndAnyTextAsValuesInNameOrder() {
    RunEnvironment e =
        variables(Map.of("CYBER_DOJO_ID", "34de2W", "_X1", "a b\n$(c) 'd'", "EMPTY", ""));

    assertThat(e.assignments())
        .containsExactly("CYBER_DOJO_ID=34de2W", "EMPTY=", "_X1=a b\n$(c) 'd'");
    assertThat(e.isEmpty()).isFalse();
    assertThat(RunEnvironment.none().isEmpty()).isTrue();
  }

  @Test
  void refusesNamesThatAreNotUpperCaseIdentifiers() {
    for (String name :
        List.of("", "lower", "1ST", "A-B", "A=B", "A B", "BASH_FUNC_x%%", "X".repeat(65))) {
      assertThatThrownBy(() -> variables(Map.of(name, "v")))
          .as(name)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("is not 1 to 64 upper-case letters");
    }
  }

  @Test
  void refusesNamesThatWouldChangeTheSandboxsOwnToolsOrHome() {
    for (String name :
        List.of(
            "PATH",
            "HOME",
            "TMPDIR",
            "IFS",
            "ENV",
            "BASH_ENV",
            "LANG",
            "TAR_OPTIONS",
            "LD_PRELOAD",
            "LC_ALL",
            "GLIBC_TUNABLES",
            "POSIXLY_CORRECT",
            "RUNBOX_MARKER")) {
      assertThatThrownBy(() -> variables(Map.of(name, "v")))
          .as(name)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("variable " + name + " is reserved by the sandbox");
    }
  }

  @Test
  void refusesValuesWithNulOrLongerThanTheBound() {
    assertThatThrownBy(() -> variables(Map.of("A", "x\0y"))).hasMessageContaining("NUL");
    assertThatThrownBy(
            () -> variables(Map.of("A", "x".repeat(RunEnvironment.MAX_VALUE_LENGTH + 1))))
        .hasMessageContaining("longer than 4096");
    assertThat(variables(Map.of("A", "x".repeat(RunEnvironment.MAX_VALUE_LENGTH))).variables())
        .hasSize(1);
  }

  @Test
  void refusesTooManyVariablesOrTooManyHomeFiles() {
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i <= RunEnvironment.MAX_VARIABLES; i++) {
      many.put("V" + i, "x");
    }
    assertThatThrownBy(() -> variables(many)).hasMessageContaining("at most 32");
    List<SandboxFile> files =
        java.util.stream.IntStream.rangeClosed(0, RunEnvironment.MAX_HOME_FILES)
            .mapToObj(i -> new SandboxFile("f" + i, new byte[1], false))
            .toList();
    assertThatThrownBy(() -> new RunEnvironment(Map.of(), new FileSet(files)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("home files");
  }
}
