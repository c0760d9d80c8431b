package dev.runbox.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh temporary data folder for a service a test starts: the job store is on by default, in
 * {@code jobs.db} of the data folder, and one store per file is the rule, so two test services
 * never share the user's default folder. Deleted, with what the service left in it, on close.
 */
public final class TestDataDir implements AutoCloseable {
  private final Path dir;

  public TestDataDir() {
    try {
      dir = Files.createTempDirectory("runbox-data-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path path() {
    return dir;
  }

  /** The {@code data_dir} value. */
  @Override
  public String toString() {
    return dir.toString();
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
