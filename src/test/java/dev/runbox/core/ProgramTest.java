package dev.runbox.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramTest {
  @Test
  void compilesAndRunsWithTheFirstFileAndItsNameQuoted() {
    Program java =
        new Program("javac -d .runbox-classes *.java", "java -cp .runbox-classes {name}");

    assertThat(java.compileCommand("src/Main.java"))
        .contains(new Command.Shell("javac -d .runbox-classes *.java"));
    assertThat(java.runCommand("src/Main.java", List.of("a b", "it's")).line())
        .isEqualTo("java -cp .runbox-classes 'Main' 'a b' 'it'\\''s'");
  }

  @Test
  void anInterpretedProgramHasNoCompileCommand() {
    Program python = Program.interpreted("python3 {file}");

    assertThat(python.compileCommand("main.py")).isEmpty();
    assertThat(python.runCommand("it's.py", List.of()).line()).isEqualTo("python3 'it'\\''s.py'");
  }

  @Test
  void aProgramNeedsARunCommand() {
    assertThatThrownBy(() -> new Program("gcc x.c", " ")).hasMessageContaining("run command");
  }
}
