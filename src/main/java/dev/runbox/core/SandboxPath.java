package dev.runbox.core;

/** The rules for a file name sent into the sandbox: relative, plain, no way out of /sandbox. */
public final class SandboxPath {
  /** Longest accepted path in bytes; tar's and Linux' own limits are well above it. */
  public static final int MAX_LENGTH = 255;

  private static final int MAX_SEGMENT = 255;
  private static final int MAX_DEPTH = 16;

  private SandboxPath() {}

  /** Throws {@link InvalidRequestException} naming the path when it is unsafe. */
  public static void check(String path) {
    String shown = shown(path);
    if (path.isEmpty()) {
      throw bad(path, "file name is empty");
    }
    if (path.length() > MAX_LENGTH) {
      throw bad(shown, "file name is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw bad(shown, "file name contains a control character (NUL, newline, ...)");
      }
      if (c == '\\') {
        throw bad(shown, "file name contains a backslash");
      }
    }
    if (path.startsWith("/")) {
      throw bad(shown, "file name is absolute; names are relative to the sandbox");
    }
    String[] segments = path.split("/", -1);
    if (segments.length > MAX_DEPTH) {
      throw bad(shown, "file name is nested deeper than " + MAX_DEPTH + " folders");
    }
    for (String segment : segments) {
      checkSegment(shown, segment);
    }
  }

  private static void checkSegment(String shown, String segment) {
    if (segment.isEmpty()) {
      throw bad(shown, "file name has an empty segment (// or a trailing /)");
    }
    if (segment.equals(".") || segment.equals("..")) {
      throw bad(shown, "file name contains '" + segment + "'");
    }
    if (segment.length() > MAX_SEGMENT) {
      throw bad(shown, "a segment of the file name is longer than " + MAX_SEGMENT);
    }
  }

  private static String shown(String path) {
    String cut = path.length() > 80 ? path.substring(0, 80) + "..." : path;
    StringBuilder b = new StringBuilder();
    cut.codePoints()
        .forEach(
            cp ->
                b.append(
                    cp < 0x20 || cp == 0x7f
                        ? String.format("\\x%02x", cp)
                        : Character.toString(cp)));
    return b.toString();
  }

  private static InvalidRequestException bad(String shown, String why) {
    return new InvalidRequestException("files", why + ": '" + shown + "'");
  }
}
