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

  /**
   * A cluster of the caller's own (whatever {@code RUNBOX_TEST_POSTGRES_URL} says), which it may
   * stop and start again on the same port with the same data; {@link Cluster#close} removes it.
   */
  public static Cluster privateCluster() {
    try {
      Path dir = Files.createTempDirectory("runbox-postgres-");
      return new Cluster(dir, startIn(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A throw-away cluster of one test's own. */
  public static final class Cluster implements AutoCloseable {
    private final Path dir;
    private final String url;

    private Cluster(Path dir, String url) {
      this.dir = dir;
      this.url = url;
    }

    /** The JDBC URL (with its user and password) of its database. */
    public String url() {
      return url;
    }

    /** Stops the server (a fast, clean shutdown: its sessions are ended), keeping its data. */
    public void stop() {
      run("pause", START_SECONDS);
    }

    /** Starts the stopped server again, on its port and with its data. */
    public void start() {
      run("resume", START_SECONDS);
    }

    /** Stops the server and removes its data. */
    @Override
    public void close() {
      run("stop", STOP_SECONDS);
    }

    private void run(String command, long seconds) {
      try {
        int status = script(List.of(command, dir.toString()), null, seconds);
        if (status != 0) {
          throw new IllegalStateException(
              "scripts/postgres.sh " + command + " failed (exit " + status + ")");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Starts a cluster in {@code dir}: its JDBC URL. */
  private static String startIn(Path dir) throws IOException {
    Path out = Files.createTempFile("runbox-postgres-", ".url");
    try {
      int status = script(List.of("start", dir.toString()), out, START_SECONDS);
      String stdout = Files.readString(out, StandardCharsets.UTF_8).strip();
      if (status != 0 || !stdout.startsWith("jdbc:postgresql://")) {
        throw new IllegalStateException(
            "scripts/postgres.sh start failed (exit " + status + "); its errors are above");
      }
      return stdout;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static String start() {
    try {
      Path dir = Files.createTempDirectory("runbox-postgres-");
      String stdout = startIn(dir);
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
