package dev.runbox.core.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComparisonTest {
  private static final Compare EXACT = new Compare(CompareMode.EXACT, 1e-6, true);
  private static final Compare LINES = Compare.DEFAULT;
  private static final Compare TOKENS = new Compare(CompareMode.TOKENS, 1e-6, true);
  private static final Compare FLOAT = new Compare(CompareMode.FLOAT, 1e-6, true);

  private static Optional<Difference> compare(Compare how, String expected, String got) {
    return Comparison.compare(how, expected, got);
  }

  private static Compare caseInsensitive(Compare how) {
    return new Compare(how.mode(), how.epsilon(), false);
  }

  @Test
  void theDefaultIsLinesCaseSensitiveWithEpsilonOneMillionth() {
    assertThat(Compare.DEFAULT).isEqualTo(new Compare(CompareMode.LINES, 1e-6, true));
  }

  // exact

  @Test
  void exactAcceptsTheSameText() {
    assertThat(compare(EXACT, "3\n", "3\n")).isEmpty();
  }

  @Test
  void exactAcceptsTwoEmptyOutputs() {
    assertThat(compare(EXACT, "", "")).isEmpty();
  }

  @Test
  void exactRefusesAMissingFinalNewline() {
    assertThat(compare(EXACT, "3\n", "3")).contains(new Difference(1, 2, "3", "3"));
  }

  @Test
  void exactTellsCrlfFromLf() {
    assertThat(compare(EXACT, "a\nb\n", "a\r\nb\r\n")).contains(new Difference(1, 2, "a", "a\r"));
  }

  @Test
  void exactSaysTheLineAndColumnOfTheFirstDifference() {
    assertThat(compare(EXACT, "one\ntwo\nthree\n", "one\ntwx\nthree\n"))
        .contains(new Difference(2, 3, "two", "twx"));
  }

  @Test
  void exactRefusesAnOutputWhenNoneWasExpected() {
    assertThat(compare(EXACT, "", "x")).contains(new Difference(1, 1, "", "x"));
  }

  @Test
  void exactIgnoresCaseWhenAskedTo() {
    assertThat(compare(caseInsensitive(EXACT), "Hello World\n", "hELLO wORLD\n")).isEmpty();
    assertThat(compare(EXACT, "Hello\n", "hello\n"))
        .contains(new Difference(1, 1, "Hello", "hello"));
  }

  // lines

  @Test
  void linesIgnoresTrailingWhitespaceOfEachLine() {
    assertThat(compare(LINES, "1 2\n3\n", "1 2   \n3\t\n")).isEmpty();
  }

  @Test
  void linesIgnoresTrailingBlankLines() {
    assertThat(compare(LINES, "3\n", "3\n\n\n  \n")).isEmpty();
    assertThat(compare(LINES, "3\n\n\n", "3")).isEmpty();
  }

  @Test
  void linesTreatsCrlfAsLf() {
    assertThat(compare(LINES, "a\nb\n", "a\r\nb\r\n")).isEmpty();
  }

  @Test
  void linesKeepsLeadingWhitespace() {
    assertThat(compare(LINES, "a\n", " a\n")).contains(new Difference(1, 1, "a", " a"));
  }

  @Test
  void linesKeepsBlankLinesBetweenLines() {
    assertThat(compare(LINES, "a\nb\n", "a\n\nb\n")).contains(new Difference(2, 1, "b", ""));
  }

  @Test
  void linesAcceptsTwoEmptyOutputsAndBlankOnesAsEmpty() {
    assertThat(compare(LINES, "", "")).isEmpty();
    assertThat(compare(LINES, "", "\n \n")).isEmpty();
  }

  @Test
  void linesRefusesAnEmptyOutputWhenTextWasExpected() {
    assertThat(compare(LINES, "3\n", "")).contains(new Difference(1, 1, "3", ""));
  }

  @Test
  void linesSaysWhereAMissingLineWasExpected() {
    assertThat(compare(LINES, "1\n2\n3\n", "1\n2\n")).contains(new Difference(3, 1, "3", ""));
  }

  @Test
  void linesSaysWhereAnExtraLineWasWritten() {
    assertThat(compare(LINES, "1\n", "1\n\nextra\n")).contains(new Difference(3, 1, "", "extra"));
  }

  @Test
  void linesSaysTheColumnWhereALineIsCutShort() {
    assertThat(compare(LINES, "abc\n", "ab\n")).contains(new Difference(1, 3, "abc", "ab"));
  }

  @Test
  void linesCountsColumnsInCharactersNotUtf16Units() {
    assertThat(compare(LINES, "😀a\n", "😀b\n")).contains(new Difference(1, 2, "😀a", "😀b"));
  }

  @Test
  void linesIgnoresCaseWhenAskedTo() {
    assertThat(compare(caseInsensitive(LINES), "YES\n", "yes\n")).isEmpty();
    assertThat(compare(LINES, "YES\n", "yes\n")).isPresent();
  }

  // tokens

  @Test
  void tokensIgnoresHowWhitespaceIsLaidOut() {
    assertThat(compare(TOKENS, "1 2 3\n", "1\n2\t\t3   \r\n\n")).isEmpty();
  }

  @Test
  void tokensAcceptsTwoOutputsOfOnlyWhitespace() {
    assertThat(compare(TOKENS, "", " \n\t")).isEmpty();
  }

  @Test
  void tokensSaysWhereTheFirstDifferentTokenIsInTheOutput() {
    assertThat(compare(TOKENS, "1 2 3\n", "1\n2 4\n"))
        .contains(new Difference(2, 3, "1 2 3", "2 4"));
  }

  @Test
  void tokensSaysWhereAMissingTokenWasExpected() {
    assertThat(compare(TOKENS, "1 2 3", "1 2\n")).contains(new Difference(2, 1, "1 2 3", ""));
  }

  @Test
  void tokensSaysWhereAnExtraTokenWasWritten() {
    assertThat(compare(TOKENS, "1 2", "1 2 3")).contains(new Difference(1, 5, "", "1 2 3"));
  }

  @Test
  void tokensComparesWholeTokens() {
    assertThat(compare(TOKENS, "12", "1 2")).isPresent();
    assertThat(compare(TOKENS, "ab", "abc")).isPresent();
  }

  @Test
  void tokensIgnoresCaseWhenAskedTo() {
    assertThat(compare(caseInsensitive(TOKENS), "Yes No", "yes NO")).isEmpty();
  }

  @Test
  void tokensComparesNumbersAsText() {
    assertThat(compare(TOKENS, "1.0", "1")).isPresent();
  }

  // float

  @Test
  void floatAcceptsANumberWithinEpsilon() {
    assertThat(compare(FLOAT, "0.333333", "0.3333331")).isEmpty();
  }

  @Test
  void floatRefusesANumberBeyondEpsilon() {
    assertThat(compare(FLOAT, "0.333333", "0.3334"))
        .contains(new Difference(1, 1, "0.333333", "0.3334"));
  }

  @Test
  void floatAcceptsALargeNumberWithinEpsilonRelativeToTheExpected() {
    assertThat(compare(FLOAT, "1000000000", "1000000100")).isEmpty();
    assertThat(compare(FLOAT, "1000000000", "1000002000")).isPresent();
  }

  @Test
  void floatReadsEveryDecimalForm() {
    assertThat(compare(FLOAT, "1 -2 +3 .5 6. 1e3 2.5E-1", "1.0 -2.0 3 0.5 6 1000 0.25")).isEmpty();
  }

  @Test
  void floatComparesOtherTokensExactly() {
    assertThat(compare(FLOAT, "x = 1.5", "x = 1.5000000001")).isEmpty();
    assertThat(compare(FLOAT, "x = 1.5", "y = 1.5")).isPresent();
  }

  @Test
  void floatComparesNanAndInfAsTextNotAsNumbers() {
    assertThat(compare(FLOAT, "nan inf -inf", "nan inf -inf")).isEmpty();
    assertThat(compare(FLOAT, "nan", "NaN")).isPresent();
    assertThat(compare(FLOAT, "inf", "1e999")).isPresent();
    assertThat(compare(FLOAT, "1", "NaN")).isPresent();
  }

  @Test
  void floatTakesNoJavaOnlyNumberForms() {
    assertThat(compare(FLOAT, "1", "1d")).isPresent();
    assertThat(compare(FLOAT, "8", "0x1p3")).isPresent();
    assertThat(compare(FLOAT, "1", "1e")).isPresent();
  }

  @Test
  void floatAcceptsEqualOverflowingNumbersAndRefusesAnOverflowAgainstAFiniteNumber() {
    assertThat(compare(FLOAT, "1e999", "2e999")).isEmpty();
    assertThat(compare(FLOAT, "1e308", "1e309")).isPresent();
  }

  @Test
  void floatWithEpsilonZeroWantsTheSameNumber() {
    Compare zero = new Compare(CompareMode.FLOAT, 0, true);
    assertThat(compare(zero, "0.1", "0.10")).isEmpty();
    assertThat(compare(zero, "0.1", "0.1000001")).isPresent();
  }

  @Test
  void floatIgnoresCaseOfWordsWhenAskedTo() {
    assertThat(compare(caseInsensitive(FLOAT), "YES 1.5", "yes 1.5000001")).isEmpty();
  }

  // bounds

  @Test
  void cutsLongLinesAroundTheDifference() {
    String expected = "a".repeat(10_000) + "b" + "c".repeat(10_000);
    String got = "a".repeat(10_000) + "X" + "c".repeat(10_000);

    Difference d = compare(LINES, expected, got).orElseThrow();

    assertThat(d.line()).isEqualTo(1);
    assertThat(d.column()).isEqualTo(10_001);
    assertThat(d.expected()).startsWith("...").endsWith("...").contains("ab").hasSize(206);
    assertThat(d.got()).startsWith("...").endsWith("...").contains("aX").hasSize(206);
  }

  @Test
  void cutsALongLineAtItsEndWhenTheDifferenceIsNearTheEnd() {
    String line = "a".repeat(1000);

    Difference d = compare(LINES, line + "b", line + "c").orElseThrow();

    assertThat(d.got()).startsWith("...").endsWith("ac").hasSize(203);
  }

  @Test
  void comparesMegabytesOfOutputInLinearTime() {
    String big = "1 ".repeat(2_000_000);

    for (Compare how : new Compare[] {EXACT, LINES, TOKENS, FLOAT}) {
      assertThat(compare(how, big, big)).as(how.mode().apiName()).isEmpty();
      assertThat(compare(how, big + "1", big + "2")).as(how.mode().apiName()).isPresent();
    }
  }

  @Test
  void readsALongRunOfDigitsWithoutBacktracking() {
    String digits = "1".repeat(1_000_000);

    assertThat(compare(FLOAT, digits + "x", digits + "x")).isEmpty();
  }
}
