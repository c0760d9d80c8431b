package dev.runbox.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalsTest {
  @ParameterizedTest
  @CsvSource({
    "129, SIGHUP",
    "132, SIGILL",
    "134, SIGABRT",
    "135, SIGBUS",
    "136, SIGFPE",
    "137, SIGKILL",
    "139, SIGSEGV",
    "141, SIGPIPE",
    "143, SIGTERM",
    "152, SIGXCPU",
    "153, SIGXFSZ",
    "159, SIGSYS",
    "162, SIGRTMIN",
    "164, SIGRTMIN+2"
  })
  void namesTheSignalAnExitStatusAbove128Reports(int status, String name) {
    assertThat(Signals.ofExitStatus(status)).contains(name);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 124, 125, 127, 128, 160, 161, 193, 255, -1})
  void namesNoSignalForAStatusThatReportsNone(int status) {
    assertThat(Signals.ofExitStatus(status)).isEmpty();
  }
}
