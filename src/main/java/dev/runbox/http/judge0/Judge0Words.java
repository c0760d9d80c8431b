package dev.runbox.http.judge0;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code compiler_options} and {@code command_line_arguments} as separate words. Judge0 strips the
 * characters {@code $ & ; < > | `} and hands the rest to bash; runbox strips the same and splits
 * the rest as bash would split words without expanding anything: blanks separate words, single
 * quotes keep everything, double quotes keep everything but a backslash before {@code "} or {@code
 * \}, and a backslash outside quotes keeps the next character. The words then reach the program as
 * its arguments (or the compiler as its options), each quoted, never read by a shell on the host.
 */
final class Judge0Words {
  private static final String STRIPPED = "$&;<>|`";

  private Judge0Words() {}

  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    String s = strip(text);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < s.length() && "\"\\".indexOf(s.charAt(i + 1)) >= 0) {
          word.append(s.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < s.length()) {
        word.append(s.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return List.copyOf(words);
  }

  private static String strip(String text) {
    StringBuilder kept = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (STRIPPED.indexOf(c) < 0) {
        kept.append(c);
      }
    }
    return kept.toString();
  }
}
