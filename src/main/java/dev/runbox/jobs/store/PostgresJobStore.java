package dev.runbox.jobs.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.runbox.core.jobs.Claim;
import dev.runbox.core.jobs.JobStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job store for several nodes: PostgreSQL, through a small pool. Times are the database's
 * ({@code now()}, the start of the transaction), never a node's clock; a claim skips the rows
 * another node's claim holds ({@code FOR UPDATE SKIP LOCKED}), so no job goes to two claimers.
 *
 * <p>A node that claims holds its liveness lock ({@link NodeLocks}) on a connection of its own, and
 * claims nothing while it does not. {@link #requeueExpired} probes the lock of every other node
 * that has running jobs: one it can take belongs to a dead node (its session ended with its
 * process), whose jobs are queued again at once instead of when their leases lapse. The probe is a
 * transaction-level lock ({@code pg_try_advisory_xact_lock}) on the pooled connection of that same
 * transaction: it ends with the transaction, so no lock ever goes back to the pool with the
 * connection, and a dead node restarting under the same id cannot take its lock (and claim) before
 * the requeue has committed.
 *
 * <p>The race it leaves: a live node whose lock connection dropped (a network blip, its backend
 * terminated) looks dead until it reconnects, and its running jobs may be given to another node.
 * Its own runs go on, but its renewals and its results are refused by the lease fence (the attempt
 * moved on), so each job still records exactly one result; the cost is a run done twice. Right
 * after the server itself restarted every node has lost its lock at once: for {@link
 * #RESTART_GRACE} after the server's start the probe is skipped (leases still lapse as usual),
 * which leaves the nodes time to take their locks again.
 */
public final class PostgresJobStore extends SqlJobStore {
  /** The pool's size: a node's claim loop, lease renewals, callbacks and HTTP reads. */
  static final int POOL_SIZE = 4;

  static final Duration CONNECT_WAIT = Duration.ofSeconds(10);

  /**
   * How long after the server's start the dead-node probe waits: the nodes take their locks again
   * within a round of reconnecting.
   */
  static final Duration RESTART_GRACE = Duration.ofSeconds(10);

  /** How long a node waits at start-up for its lock, which a dead session may still hold. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(PostgresJobStore.class);

  private final HikariDataSource pool;
  private final NodeLocks locks;
  private final Duration restartGrace;

  private PostgresJobStore(HikariDataSource pool, NodeLocks locks, Duration restartGrace) {
    this.pool = pool;
    this.locks = locks;
    this.restartGrace = restartGrace;
  }

  /**
   * Connects to {@code jdbcUrl} ({@code jdbc:postgresql://...}) and migrates its schema.
   *
   * @param user empty: the URL's own, if any
   * @param password empty: the URL's own, if any
   */
  public static PostgresJobStore open(
      String jdbcUrl, Optional<String> user, Optional<String> password) {
    return open(jdbcUrl, user, password, RESTART_GRACE);
  }

  /** {@link #open(String, Optional, Optional)} with another grace after a server start (tests). */
  static PostgresJobStore open(
      String jdbcUrl, Optional<String> user, Optional<String> password, Duration restartGrace) {
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
    // A connection the server ended (a restart) is found broken and replaced on the next borrow;
    // keepalives find one whose peer vanished without a word.
    config.addDataSourceProperty("tcpKeepAlive", "true");
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
      return new PostgresJobStore(
          pool, new NodeLocks(jdbcUrl, user, password, CONNECT_WAIT), restartGrace);
    } catch (RuntimeException e) {
      pool.close();
      throw new JobStoreException("cannot migrate the job store: " + e.getMessage(), e);
    }
  }

  @Override
  String sizeQuery() {
    return "SELECT pg_database_size(current_database())";
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

  /** Claims only while {@code node} holds its liveness lock (taken here the first time). */
  @Override
  public List<Claim> claim(String node, int max, Duration lease) {
    if (max < 1 || !locks.hold(node)) {
      return List.of();
    }
    return super.claim(node, max, lease);
  }

  /**
   * Takes {@code node}'s liveness lock first (waiting up to {@link #LOCK_WAIT} for a session that
   * died to be noticed by the server).
   *
   * @throws JobStoreException when the lock stays held: another live node runs with this id, whose
   *     jobs these are
   */
  @Override
  public int requeueOwn(String node) {
    long until = System.nanoTime() + LOCK_WAIT.toNanos();
    while (!locks.hold(node)) {
      if (System.nanoTime() - until > 0) {
        throw new JobStoreException(
            "node " + node + " cannot take its liveness lock: " + locks.problem(), null);
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    return super.requeueOwn(node);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Takes this store's own locks again first when their connection was lost. A node is dead when
   * its lock can be taken; this store's own nodes never are.
   */
  @Override
  public int requeueExpired() {
    locks.ensure();
    Set<String> mine = locks.nodes();
    return transaction(
        true,
        c -> {
          int changed = 0;
          for (String node : deadNodes(c, mine)) {
            int lost = requeue(c, "lease_owner = ?", Optional.of(node), "node dead");
            if (lost > 0) {
              log.info(
                  "jobs: node {} is dead (its lock is free): {} job(s) taken back", node, lost);
            }
            changed += lost;
          }
          return changed + requeue(c, "lease_until < now()", Optional.empty(), "expired");
        });
  }

  /**
   * The nodes, other than {@code mine}, that have running jobs and whose lock this transaction
   * could take (and holds until it ends); none in the grace after the server's start.
   */
  private List<String> deadNodes(Connection c, Set<String> mine) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT now() - pg_postmaster_start_time() >= CAST(? AS bigint) * interval '1"
                + " millisecond'")) {
      s.setLong(1, restartGrace.toMillis());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        if (!r.getBoolean(1)) {
          return List.of();
        }
      }
    }
    List<String> owners = new ArrayList<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT DISTINCT lease_owner FROM runbox_job WHERE status = 'running'"
                    + " AND lease_owner IS NOT NULL");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        owners.add(r.getString(1));
      }
    }
    List<String> dead = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
      for (String owner : owners) {
        if (mine.contains(owner)) {
          continue;
        }
        s.setInt(1, NodeLocks.CLASS_ID);
        s.setInt(2, NodeLocks.objectId(owner));
        try (ResultSet r = s.executeQuery()) {
          r.next();
          if (r.getBoolean(1)) {
            dead.add(owner);
          }
        }
      }
    }
    return dead;
  }

  @Override
  public void close() {
    locks.close();
    pool.close();
  }
}
