package dev.runbox.jobs.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.runbox.core.jobs.JobStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The job store for several nodes: PostgreSQL, through a small pool. Times are the database's
 * ({@code now()}, the start of the transaction), never a node's clock; a claim skips the rows
 * another node's claim holds ({@code FOR UPDATE SKIP LOCKED}), so no job goes to two claimers.
 */
public final class PostgresJobStore extends SqlJobStore {
  /** The pool's size: a node's claim loop, lease renewals, callbacks and HTTP reads. */
  static final int POOL_SIZE = 4;

  static final Duration CONNECT_WAIT = Duration.ofSeconds(10);

  private final HikariDataSource pool;

  private PostgresJobStore(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * Connects to {@code jdbcUrl} ({@code jdbc:postgresql://...}) and migrates its schema.
   *
   * @param user empty: the URL's own, if any
   * @param password empty: the URL's own, if any
   */
  public static PostgresJobStore open(
      String jdbcUrl, Optional<String> user, Optional<String> password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    user.ifPresent(config::setUsername);
    password.ifPresent(config::setPassword);
    config.setPoolName("runbox-jobs");
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    config.setAutoCommit(false);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.setConnectionTimeout(CONNECT_WAIT.toMillis());
    config.setInitializationFailTimeout(CONNECT_WAIT.toMillis());
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new JobStoreException("cannot connect to the job store: " + e.getMessage(), e);
    }
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:dev/runbox/jobs/store/migration/postgresql")
          .table("runbox_schema_history")
          .failOnMissingLocations(true)
          .load()
          .migrate();
      return new PostgresJobStore(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw new JobStoreException("cannot migrate the job store: " + e.getMessage(), e);
    }
  }

  @Override
  String now() {
    return "now()";
  }

  @Override
  String nowPlusMillis() {
    return "(now() + CAST(? AS bigint) * interval '1 millisecond')";
  }

  @Override
  Optional<Instant> instant(ResultSet row, String column) throws SQLException {
    return Optional.ofNullable(row.getObject(column, OffsetDateTime.class))
        .map(OffsetDateTime::toInstant);
  }

  @Override
  void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
    statement.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
  }

  @Override
  String updatePicked(String set, String pick, String returning) {
    return "WITH picked AS ("
        + pick
        + " FOR UPDATE SKIP LOCKED) UPDATE runbox_job SET "
        + set
        + " FROM picked WHERE runbox_job.id = picked.pid RETURNING "
        + returning;
  }

  @Override
  <T> T transaction(boolean writes, Work<T> work) {
    try (Connection c = pool.getConnection()) {
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException again) {
          e.addSuppressed(again);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new JobStoreException("the job store failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
