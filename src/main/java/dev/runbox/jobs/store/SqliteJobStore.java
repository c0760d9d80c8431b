package dev.runbox.jobs.store;

import dev.runbox.core.jobs.JobStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded job store: one SQLite file (WAL, {@code synchronous=FULL}), one connection, one
 * transaction at a time in this process. Every write transaction starts with {@code BEGIN
 * IMMEDIATE}, so that it holds the file's write lock from its first statement; times are epoch
 * milliseconds of this machine's clock.
 */
public final class SqliteJobStore extends SqlJobStore {
  /** How long a transaction waits for the file's lock, or for this process's other transaction. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(10);

  private static final String NOW = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";

  private final Path file;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();

  private SqliteJobStore(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Opens (creating it and its folder when missing) and migrates the store in {@code file}. */
  public static SqliteJobStore open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the folder of the job store " + file, e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout((int) LOCK_WAIT.toMillis());
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    try {
      Flyway.configure()
          .dataSource(source)
          .locations("classpath:dev/runbox/jobs/store/migration/sqlite")
          .table("runbox_schema_history")
          .failOnMissingLocations(true)
          .load()
          .migrate();
      return new SqliteJobStore(file, source.getConnection());
    } catch (SQLException | RuntimeException e) {
      throw new JobStoreException("cannot open the job store " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  String now() {
    return NOW;
  }

  @Override
  String nowPlusMillis() {
    return "(" + NOW + " + ?)";
  }

  @Override
  Optional<Instant> instant(ResultSet row, String column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  @Override
  void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
    statement.setLong(index, value.toEpochMilli());
  }

  @Override
  String updatePicked(String set, String pick, String returning) {
    // one writer at a time (BEGIN IMMEDIATE): nothing to skip
    return "UPDATE runbox_job SET " + set + " WHERE id IN (" + pick + ") RETURNING " + returning;
  }

  @Override
  <T> T transaction(boolean writes, Work<T> work) {
    try {
      if (!lock.tryLock(LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new JobStoreException(
            "the job store " + file + " stayed busy for " + LOCK_WAIT.toSeconds() + " s", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobStoreException("interrupted waiting for the job store " + file, e);
    }
    try {
      execute(writes ? "BEGIN IMMEDIATE" : "BEGIN");
      try {
        T result = work.run(connection);
        execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException e) {
        rollback(e);
        throw e;
      }
    } catch (SQLException e) {
      throw new JobStoreException("the job store " + file + " failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private void rollback(Exception cause) {
    try {
      execute("ROLLBACK");
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      throw new JobStoreException("cannot close the job store " + file, e);
    } finally {
      lock.unlock();
    }
  }
}
