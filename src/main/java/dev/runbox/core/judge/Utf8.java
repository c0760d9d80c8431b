package dev.runbox.core.judge;

/** UTF-8 sizes of text, counted without encoding it. */
final class Utf8 {
  private Utf8() {}

  /** The bytes {@code s} takes in UTF-8 (an unpaired surrogate as the 3 of its replacement). */
  static long length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
