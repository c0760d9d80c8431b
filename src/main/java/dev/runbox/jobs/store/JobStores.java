package dev.runbox.jobs.store;

import dev.runbox.core.jobs.JobStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** Opens the job store a {@code jobs_url} names. */
public final class JobStores {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
  private static final String FORMS =
      "sqlite:PATH, a path, postgresql://USER@HOST:PORT/DATABASE or jdbc:postgresql://...";

  private JobStores() {}

  /**
   * Opens and migrates the store {@code url} names: {@code sqlite:PATH} or a plain path (SQLite),
   * {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?PARAMS]} ({@code postgres://} too) or
   * {@code jdbc:postgresql://...} (PostgreSQL).
   *
   * @throws IllegalArgumentException when {@code url} is none of those
   */
  public static JobStore open(String url) {
    return switch (target(url)) {
      case Target.Sqlite s -> SqliteJobStore.open(s.file());
      case Target.Postgres p -> PostgresJobStore.open(p.jdbcUrl(), p.user(), p.password());
    };
  }

  /** Where a {@code jobs_url} points. */
  sealed interface Target {
    record Sqlite(Path file) implements Target {}

    /** {@code toString} leaves the password out. */
    record Postgres(String jdbcUrl, Optional<String> user, Optional<String> password)
        implements Target {
      @Override
      public String toString() {
        return "Postgres[" + jdbcUrl + ", user=" + user.orElse("") + "]";
      }
    }
  }

  static Target target(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("jobs_url is empty: it must be " + FORMS);
    }
    String u = url.strip();
    if (u.startsWith("jdbc:postgresql:")) {
      return new Target.Postgres(u, Optional.empty(), Optional.empty());
    }
    if (u.startsWith("postgresql://") || u.startsWith("postgres://")) {
      return postgres(u);
    }
    for (String prefix : new String[] {"jdbc:sqlite:", "sqlite:"}) {
      if (u.startsWith(prefix)) {
        String path = u.substring(prefix.length());
        if (path.isBlank() || path.startsWith(":memory:")) {
          throw new IllegalArgumentException(
              "jobs_url " + prefix + " needs the path of the jobs file, e.g. sqlite:/data/jobs.db");
        }
        return new Target.Sqlite(Path.of(path));
      }
    }
    if (!SCHEME.matcher(u).find()) {
      return new Target.Sqlite(Path.of(u));
    }
    String scheme = u.substring(0, u.indexOf(':'));
    throw new IllegalArgumentException(
        "jobs_url has the scheme '"
            + scheme
            + "', which runbox does not store jobs in: use "
            + FORMS);
  }

  private static Target.Postgres postgres(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "jobs_url is not a URL of the form postgresql://USER@HOST:PORT/DATABASE: "
              + e.getReason(),
          e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(
          "jobs_url names no host: it must be postgresql://USER@HOST:PORT/DATABASE (for several"
              + " hosts use jdbc:postgresql://...)");
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon)));
      if (colon >= 0) {
        password = Optional.of(decode(info.substring(colon + 1)));
      }
    }
    String host = uri.getHost();
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(host);
    if (uri.getPort() >= 0) {
      jdbc.append(':').append(uri.getPort());
    }
    jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    if (uri.getRawQuery() != null) {
      jdbc.append('?').append(uri.getRawQuery());
    }
    return new Target.Postgres(jdbc.toString(), user, password);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
