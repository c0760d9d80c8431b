package dev.runbox.cli;

import dev.runbox.config.ConfigKey;
import dev.runbox.config.ConfigKeys;
import java.util.ArrayList;
import java.util.List;

/** The configuration keys as the footer of {@code --help}, drawn from the key registry. */
final class ConfigHelp {
  /** picocli's default usage width; a longer footer line would be wrapped without indentation. */
  private static final int WIDTH = 80;

  private static final String INDENT = "      ";

  private ConfigHelp() {}

  /** Lines for picocli's footer, each {@code %} doubled because picocli formats the footer. */
  static String[] footer() {
    List<String> lines = new ArrayList<>();
    lines.add("%nConfiguration keys, each KEY=DEFAULT: set in --config FILE, overridden by the");
    lines.add("environment (RUNBOX_<KEY>, e.g. RUNBOX_LIMITS_MAX_TIME_S), overridden by");
    lines.add("--set KEY=VALUE. See docs/configuration.md.");
    for (ConfigKey<?> k : ConfigKeys.all()) {
      lines.add(("  " + k.name() + "=" + k.defaultValue()).replace("%", "%%"));
      wrap(k.doc().replace("`", "")).forEach(l -> lines.add((INDENT + l).replace("%", "%%")));
    }
    return lines.toArray(String[]::new);
  }

  private static List<String> wrap(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (!line.isEmpty() && INDENT.length() + line.length() + 1 + word.length() > WIDTH) {
        out.add(line.toString());
        line.setLength(0);
      }
      line.append(line.isEmpty() ? "" : " ").append(word);
    }
    out.add(line.toString());
    return out;
  }
}
