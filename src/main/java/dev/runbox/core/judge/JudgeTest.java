package dev.runbox.core.judge;

import dev.runbox.core.InvalidRequestException;
import java.util.List;
import java.util.Optional;

/**
 * One test case: the program's stdin and arguments, what it should print, and the limits this test
 * changes.
 *
 * @param name names the test in the answer: not blank, at most {@link #MAX_NAME} characters, no
 *     control characters; unique within a request
 * @param expectedOutput what the program should print; required unless a checker judges the output
 *     (the checker then gets an empty file when it is absent)
 * @param args the program's arguments: at most {@link #MAX_ARGS}, at most {@link #MAX_ARGS_CHARS}
 *     characters in all, no NUL
 */
public record JudgeTest(
    String name,
    byte[] stdin,
    Optional<String> expectedOutput,
    List<String> args,
    TestLimits limits) {
  public static final int MAX_NAME = 128;
  public static final int MAX_ARGS = 64;
  public static final int MAX_ARGS_CHARS = 4096;

  public JudgeTest {
    checkName(name);
    stdin = stdin.clone();
    args = List.copyOf(args);
    checkArgs(name, args);
  }

  @Override
  public byte[] stdin() {
    return stdin.clone();
  }

  /** The bytes of input this test sends: stdin and expected output. */
  public long inputBytes() {
    return stdin.length + expectedOutput.map(Utf8::length).orElse(0L);
  }

  private static void checkName(String name) {
    if (name.isBlank()) {
      throw new InvalidRequestException("name", "a test's name is blank");
    }
    if (name.length() > MAX_NAME) {
      throw new InvalidRequestException(
          "name",
          "test name '"
              + name.substring(0, 20)
              + "...' is "
              + name.length()
              + " characters long; at most "
              + MAX_NAME
              + " are accepted");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidRequestException(
          "name",
          "test name '" + name.replaceAll("\\p{Cntrl}", "?") + "' holds a control character");
    }
  }

  private static void checkArgs(String name, List<String> args) {
    if (args.size() > MAX_ARGS) {
      throw new InvalidRequestException(
          "args",
          "test '"
              + name
              + "' has "
              + args.size()
              + " args; at most "
              + MAX_ARGS
              + " are accepted");
    }
    long chars = 0;
    for (String a : args) {
      if (a.indexOf('\0') >= 0) {
        throw new InvalidRequestException(
            "args", "an argument of test '" + name + "' holds a NUL character");
      }
      chars += a.length();
    }
    if (chars > MAX_ARGS_CHARS) {
      throw new InvalidRequestException(
          "args",
          "the args of test '"
              + name
              + "' are "
              + chars
              + " characters long; at most "
              + MAX_ARGS_CHARS
              + " are accepted");
    }
  }
}
