package dev.runbox.http.judge0;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Judge0WordsTest {
  @Test
  void blanksSeparateWords() {
    assertThat(Judge0Words.split("  -O2\t-Wall \n -lm ")).containsExactly("-O2", "-Wall", "-lm");
  }

  @Test
  void quotesKeepWhatIsInThem() {
    assertThat(Judge0Words.split("'a b' \"c 'd'\" e\\ f \"g\\\"h\" ''"))
        .containsExactly("a b", "c 'd'", "e f", "g\"h", "");
  }

  @Test
  void judge0sCharactersAreStrippedAndNothingIsExpanded() {
    assertThat(Judge0Words.split("$HOME; rm -rf / | cat `id` && echo <x> *"))
        .containsExactly("HOME", "rm", "-rf", "/", "cat", "id", "echo", "x", "*");
  }

  @Test
  void nothingGivesNoWords() {
    assertThat(Judge0Words.split("   ")).isEmpty();
  }
}
