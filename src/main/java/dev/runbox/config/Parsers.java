package dev.runbox.config;

import dev.runbox.config.ConfigKey.Parser;
import dev.runbox.core.Limit;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The parsers of the key registry; each refuses a bad value with a message naming the key. */
final class Parsers {
  private Parsers() {}

  static Parser<String> nonBlank() {
    return (key, text) -> {
      String s = text.trim();
      if (s.isEmpty()) {
        throw new ConfigException(key, key + " must not be empty");
      }
      return s;
    };
  }

  /** The text as given; empty allowed. */
  static Parser<String> any() {
    return (key, text) -> text;
  }

  /** Empty for blank text. */
  static Parser<Optional<String>> optional() {
    return (key, text) -> text.isBlank() ? Optional.empty() : Optional.of(text.trim());
  }

  /** Comma-separated, blanks dropped. */
  static Parser<List<String>> list() {
    return (key, text) ->
        Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static Parser<Boolean> bool() {
    return (key, text) -> {
      String s = text.trim();
      if (!s.equals("true") && !s.equals("false")) {
        throw new ConfigException(key, key + " must be true or false, got '" + s + "'");
      }
      return Boolean.parseBoolean(s);
    };
  }

  static Parser<Integer> integer(int min, int max) {
    return (key, text) -> {
      int n;
      try {
        n = Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(key, key + " must be a whole number, got '" + text + "'", e);
      }
      if (n < min || n > max) {
        throw new ConfigException(
            key, key + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    };
  }

  /** One of these whole numbers. */
  static Parser<Integer> oneOf(int... allowed) {
    return (key, text) -> {
      String s = text.trim();
      for (int a : allowed) {
        if (Integer.toString(a).equals(s)) {
          return a;
        }
      }
      throw new ConfigException(
          key,
          key
              + " must be one of "
              + java.util.Arrays.stream(allowed)
                  .mapToObj(Integer::toString)
                  .collect(java.util.stream.Collectors.joining(", "))
              + ", got '"
              + s
              + "'");
    };
  }

  static Parser<Duration> seconds(int min, int max) {
    Parser<Integer> whole = integer(min, max);
    return (key, text) -> Duration.ofSeconds(whole.parse(key, text));
  }

  /** A {@code unix://} or {@code tcp://} address of the Docker Engine API. */
  static Parser<URI> engineAddress() {
    return (key, text) -> {
      URI u;
      try {
        u = new URI(text.trim());
      } catch (URISyntaxException e) {
        throw new ConfigException(key, key + " is not a valid address: '" + text + "'", e);
      }
      if (u.getScheme() == null || !(u.getScheme().equals("unix") || u.getScheme().equals("tcp"))) {
        throw new ConfigException(
            key, key + " must be a unix:// or tcp:// address, got '" + text + "'");
      }
      return u;
    };
  }

  /** A value for {@code limit}: an {@link Integer}, or a {@link Double} for a fractional limit. */
  static Parser<Number> limit(Limit limit) {
    return (key, text) -> {
      double value;
      try {
        value = Double.parseDouble(text.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(key, key + " must be a number, got '" + text + "'", e);
      }
      limit
          .problemWith(value)
          .ifPresent(
              p -> {
                throw new ConfigException(key, key + ": " + p);
              });
      if (limit.fractional()) {
        return value;
      }
      if (value > Integer.MAX_VALUE) {
        throw new ConfigException(
            key, key + " must be at most " + Integer.MAX_VALUE + ", got " + text.trim());
      }
      return (int) value;
    };
  }
}
