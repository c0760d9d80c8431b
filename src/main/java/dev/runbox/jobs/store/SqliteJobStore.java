package dev.runbox.jobs.store;

import dev.runbox.core.jobs.JobStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>One process per file: the store holds an exclusive lock on {@code FILE.lock} beside the file
 * from its opening to its closing, and a second store on the same file, in another process or in
 * this one, is refused at its opening. Leases would keep two processes' jobs apart, but the file is
 * this machine's, so its nodes are not independent: several nodes share a PostgreSQL store.
 */
public final class SqliteJobStore extends SqlJobStore {
  /** How long a transaction waits for the file's lock, or for this process's other transaction. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(10);

  private static final String NOW = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";

  /** The lock files of the stores open in this process, by real path. */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final Connection connection;
  private final Owner owner;
  private final ReentrantLock lock = new ReentrantLock();

  private SqliteJobStore(Path file, Connection connection, Owner owner) {
    this.file = file;
    this.connection = connection;
    this.owner = owner;
  }

  /**
   * Opens (creating it and its folder when missing) and migrates the store in {@code file}.
   *
   * @throws JobStoreException when another store, in this process or another, has the file open
   */
  public static SqliteJobStore open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the folder of the job store " + file, e);
    }
    Owner owner = Owner.take(file);
    try {
      return open(file, owner);
    } catch (RuntimeException e) {
      try {
        owner.release();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * The exclusive lock on the lock file beside the store's file ({@code jobs.db.lock} for {@code
   * jobs.db}). The operating system's lock is the process's and goes when the process dies; within
   * this process the lock files held are kept in {@link #HELD}, and a second store is refused
   * before it opens a channel (closing any channel on a locked file would release the process's
   * lock on it).
   */
  private record Owner(Path lockFile, FileLock lock) {
    static Owner take(Path file) {
      Path lockFile;
      try {
        lockFile =
            file.toAbsolutePath().getParent().toRealPath().resolve(file.getFileName() + ".lock");
      } catch (IOException e) {
        throw new JobStoreException(
            "cannot find the folder of the job store " + file + ": " + e, e);
      }
      if (!HELD.add(lockFile)) {
        throw inUse(file, lockFile);
      }
      FileChannel channel = null;
      try {
        channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
          throw inUse(file, lockFile);
        }
        return new Owner(lockFile, lock);
      } catch (IOException | RuntimeException e) {
        if (channel != null) {
          try {
            channel.close();
          } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        HELD.remove(lockFile);
        if (e instanceof IOException io) {
          throw new JobStoreException(
              "cannot lock " + lockFile + " for the job store " + file + ": " + io, io);
        }
        throw (RuntimeException) e;
      }
    }

    /** Closing the channel releases the lock: another store may open the file now. */
    void release() throws IOException {
      try {
        lock.channel().close();
      } finally {
        HELD.remove(lockFile);
      }
    }

    private static JobStoreException inUse(Path file, Path lockFile) {
      return new JobStoreException(
          "the job store "
              + file
              + " is in use by another runbox (its lock file "
              + lockFile
              + " is held): an SQLite job store serves one process; give this one another"
              + " data_dir or jobs_url, or share a PostgreSQL jobs_url between nodes",
          null);
    }
  }

  private static SqliteJobStore open(Path file, Owner owner) {
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
      return new SqliteJobStore(file, source.getConnection(), owner);
    } catch (SQLException | RuntimeException e) {
      throw new JobStoreException("cannot open the job store " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  String sizeQuery() {
    return "SELECT p.page_count * s.page_size FROM pragma_page_count() AS p, pragma_page_size() AS s";
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
      try {
        // closing the channel releases the lock: another store may open the file now
        owner.release();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot release the lock of the job store " + file, e);
      } finally {
        lock.unlock();
      }
    }
  }
}
