package dev.runbox.cli;

import dev.runbox.config.ConfigKey;
import dev.runbox.config.ConfigKeys;
import java.util.List;

/** The configuration keys as the footer of {@code --help}, drawn from the key registry. */
final class ConfigHelp {
  private ConfigHelp() {}

  /** Lines for picocli's footer; each {@code %} doubled, as picocli formats the footer. */
  static String[] footer() {
    List<ConfigKey<?>> keys = ConfigKeys.all();
    int width = keys.stream().mapToInt(k -> k.name().length() + k.defaultValue().length() + 1).max().orElse(0);
    String[] lines = new String[keys.size() + 2];
    lines[0] = "%nConfiguration keys (--config FILE < environment RUNBOX_<KEY> < --set KEY=VALUE):";
    lines[1] = "  (e.g. --set max_running=8, RUNBOX_LIMITS_MAX_TIME_S=60; see docs/configuration.md)";
    for (int i = 0; i < keys.size(); i++) {
      ConfigKey<?> k = keys.get(i);
      String setting = k.name() + "=" + k.defaultValue();
      lines[i + 2] = ("  " + setting + " ".repeat(width - setting.length() + 2) + k.doc().replace("`", ""))
          .replace("%", "%%");
    }
    return lines;
  }
}
