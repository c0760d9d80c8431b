package dev.runbox.jobs.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One PostgreSQL for the tests of this JVM: {@code RUNBOX_TEST_POSTGRES_URL} when set (a database
 * the tests may empty), else a throw-away cluster that {@code scripts/postgres.sh} starts (and
 * installs first, as root, when missing) on loopback, stopped when the JVM exits.
 */
public final class PostgresFixture {
  /** Installing Debian's postgresql on a fresh machine is most of this. */
  private static final long START_SECONDS = 300;

  private static final long STOP_SECONDS = 60;

  private static String url;

  private PostgresFixture() {}

  /** The JDBC URL (with its user and password) of the tests' database. */
  public static synchronized String url() {
    if (url == null) {
      String given = System.getenv("RUNBOX_TEST_POSTGRES_URL");
      url = given != null && !given.isBlank() ? given.strip() : start();
    }
    return url;
  }

  private static String start() {
    try {
      Path dir = Files.createTempDirectory("runbox-postgres-");
      Path out = Files.createTempFile("runbox-postgres-", ".url");
      String stdout;
      try {
        int status = script(List.of("start", dir.toString()), out, START_SECONDS);
        stdout = Files.readString(out, StandardCharsets.UTF_8).strip();
        if (status != 0 || !stdout.startsWith("jdbc:postgresql://")) {
          throw new IllegalStateException(
              "scripts/postgres.sh start failed (exit " + status + "); its errors are above");
        }
      } finally {
        Files.deleteIfExists(out);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      script(List.of("stop", dir.toString()), null, STOP_SECONDS);
                    } catch (IOException e) {
                      System.err.println("PostgresFixture: cannot stop the cluster in " + dir);
                    }
                  },
                  "postgres-fixture-stop"));
      return stdout;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs scripts/postgres.sh with {@code args}: its exit status, -1 when it took too long. */
  private static int script(List<String> args, Path stdout, long seconds) throws IOException {
    List<String> command =
        new java.util.ArrayList<>(List.of("bash", Path.of("scripts/postgres.sh").toString()));
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.redirectOutput(
        stdout == null
            ? ProcessBuilder.Redirect.DISCARD
            : ProcessBuilder.Redirect.to(stdout.toFile()));
    Process process = builder.start();
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return -1;
    }
  }
}
