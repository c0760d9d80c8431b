package dev.runbox.config;

/**
 * A configuration mistake: an unknown key, a bad value, or values that do not fit together. The
 * service does not start; the CLI exits with status 2. The message names the key and the value.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String key;

  /**
   * @param key the key at fault, or an empty string when no single key is
   * @param message what is wrong, naming the key and the bad value
   */
  public ConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  public ConfigException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** The key at fault; empty when none applies. */
  public String key() {
    return key;
  }
}
