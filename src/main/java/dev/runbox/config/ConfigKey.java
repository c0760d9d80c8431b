package dev.runbox.config;

import java.util.Locale;

/**
 * One configuration key: its name (also the properties-file key and the {@code --set} name), its
 * default, how its text becomes a value, and one line of documentation.
 *
 * @param <T> the parsed value
 */
public record ConfigKey<T>(String name, String defaultValue, Parser<T> parser, String doc) {
  /** Turns a key's text into a value, or throws a {@link ConfigException} naming the key. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String key, String text);
  }

  /** The environment variable: {@code limits.max.time_s} → {@code RUNBOX_LIMITS_MAX_TIME_S}. */
  public String envName() {
    return "RUNBOX_" + name.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  public T parse(String text) {
    return parser.parse(name, text);
  }
}
