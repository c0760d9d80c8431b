package dev.runbox.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidationTest {
  private static final Limits MAX = new Limits(120, 4096, 2, 1024, 1024, 1024, 4096);
  private static final Limits DEFAULTS = new Limits(10, 128, 1, 128, 64, 50, 256);

  private static SandboxFile file(String path) {
    return new SandboxFile(path, "x".getBytes(StandardCharsets.UTF_8), false);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../x",
        "a/../../etc/passwd",
        "/etc/passwd",
        "a\\b",
        "a\0b",
        "",
        "a//b",
        "a/",
        "./a",
        "a/./b",
        "..",
        "line\nbreak"
      })
  void rejectsUnsafeFileNames(String path) {
    assertThatThrownBy(() -> file(path))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("files"));
  }

  @Test
  void rejectsAnOverlongFileName() {
    assertThatThrownBy(() -> file("a".repeat(SandboxPath.MAX_LENGTH + 1)))
        .hasMessageContaining("longer than 255");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"hiker.py", "src/main/Hiker.java", "a b.txt", "ünïcode.txt", ".hidden", "a..b"})
  void acceptsPlainRelativeNames(String path) {
    assertThat(file(path).path()).isEqualTo(path);
  }

  @Test
  void rejectsDuplicateNames() {
    assertThatThrownBy(() -> new FileSet(List.of(file("a"), file("a"))))
        .hasMessageContaining("duplicate file name: 'a'");
  }

  @Test
  void rejectsANameThatIsBothAFileAndAFolder() {
    assertThatThrownBy(() -> new FileSet(List.of(file("a"), file("a/b"))))
        .hasMessageContaining("'a' is both a file and a folder");
  }

  @Test
  void rejectsTooManyFilesAndTooManyBytes() {
    FileSet three = new FileSet(List.of(file("a"), file("b"), file("c")));
    assertThatThrownBy(() -> new RunPolicy(MAX, 2, 100).checkBounds(three))
        .hasMessageContaining("3 files sent; at most 2");
    assertThatThrownBy(() -> new RunPolicy(MAX, 10, 2).checkBounds(three))
        .hasMessageContaining("3 bytes of files sent; at most 2");
  }

  @Test
  void rejectsMemoryAboveMaximumNamingTheLimitAndTheMaximum() {
    assertThatThrownBy(() -> DEFAULTS.override(Map.of(Limit.MEMORY_MIB, 8192.0), MAX))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("memory_mib 8192 is above the maximum 4096")
        .satisfies(
            e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("limits.memory_mib"));
  }

  @Test
  void rejectsATimeAboveMaximumRatherThanClampingIt() {
    assertThatThrownBy(() -> DEFAULTS.override(Map.of(Limit.TIME_S, 121.0), MAX))
        .hasMessage("time_s 121 is above the maximum 120");
  }

  @Test
  void rejectsLimitsBelowTheirMinimumAndFractionsWhereWholeNumbersAreNeeded() {
    assertThatThrownBy(() -> DEFAULTS.override(Map.of(Limit.PIDS, 0.0), MAX))
        .hasMessageContaining("pids must be at least 8");
    assertThatThrownBy(() -> DEFAULTS.override(Map.of(Limit.TIME_S, 1.5), MAX))
        .hasMessageContaining("time_s must be a whole number");
    assertThatThrownBy(() -> DEFAULTS.override(Map.of(Limit.CPUS, Double.NaN), MAX))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void appliesRequestedLimitsOverTheDefaults() {
    Limits l = DEFAULTS.override(Map.of(Limit.TIME_S, 3.0, Limit.CPUS, 0.5), MAX);
    assertThat(l).isEqualTo(new Limits(3, 128, 0.5, 128, 64, 50, 256));
  }

  @Test
  void acceptsAWholeNumberSentWithADecimalPoint() {
    assertThat(DEFAULTS.override(Map.of(Limit.TIME_S, 5.0), MAX).timeSeconds()).isEqualTo(5);
  }

  @Test
  void refusesAValueAnIntCannotHoldNamingTheValue() {
    assertThatThrownBy(() -> DEFAULTS.with(Map.of(Limit.TIME_S, 1e10)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("time_s 10000000000 is too large");
    assertThatThrownBy(() -> DEFAULTS.with(Map.of(Limit.TIME_S, -1e300)))
        .hasMessage("time_s must be at least 1, got -1.0E300");
    assertThatThrownBy(() -> DEFAULTS.override(Map.of(Limit.TIME_S, Double.NaN), MAX))
        .hasMessage("time_s must be at least 1, got NaN");
  }

  @Test
  void eachLimitReadsItsOwnValue() {
    Limits l = new Limits(1, 16, 0.5, 8, 2, 3, 17);
    assertThat(Arrays.stream(Limit.values()).map(limit -> limit.valueIn(l)))
        .containsExactly(1, 16, 0.5, 8, 2, 3, 17);
  }

  @Test
  void findsTheFirstLimitAboveAMaximum() {
    assertThat(DEFAULTS.firstAbove(MAX)).isEmpty();
    assertThat(MAX.firstAbove(DEFAULTS))
        .contains(new Limits.Above(Limit.TIME_S, "time_s 120 is above the maximum 10"));
  }

  @Test
  void rejectsAnUnknownLimitName() {
    assertThatThrownBy(() -> Limit.byApiName("swap")).hasMessage("unknown limit 'swap'");
  }

  @Test
  void rejectsABlankOrNulContainingCommand() {
    assertThatThrownBy(() -> new Command.Shell("  ")).hasMessageContaining("blank");
    assertThatThrownBy(() -> new Command.Shell("echo \0")).hasMessageContaining("NUL");
  }
}
