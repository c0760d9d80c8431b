package dev.runbox.jobs.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's proof of life on PostgreSQL: one dedicated connection, outside the pool, that holds a
 * session advisory lock for each node this store works for, for as long as the node lives. When the
 * node's process dies the kernel closes its socket, the server ends the session and the lock is
 * free: any other node that can take it knows the node is dead.
 *
 * <p>The lock is the two-int form {@code (CLASS_ID, objectId(node))}: runbox's own class id keeps
 * it apart from the single-bigint locks and other class ids an application sharing the database may
 * take. Two node ids whose 32-bit hashes collide cannot both hold theirs: the second is told at
 * start-up (about one chance in 2^32 per pair of nodes).
 *
 * <p>When the connection is lost (the server restarted, the network dropped) {@link #hold}
 * reconnects and takes the locks again; until it has them the store claims nothing.
 */
public final class NodeLocks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeLocks.class);

  /** The advisory lock class id of runbox's node locks: "rbox" in ASCII. */
  public static final int CLASS_ID = 0x72626f78;

  /** The prefix of the lock connection's {@code application_name}, then the node id. */
  public static final String APPLICATION_NAME = "runbox node ";

  static final Duration VALID_WAIT = Duration.ofSeconds(2);

  private final String jdbcUrl;
  private final Properties properties;
  private final Map<String, Boolean> nodes = new LinkedHashMap<>();
  private Connection connection;
  private String lastProblem = "";
  private String named = "";
  private boolean closed;

  NodeLocks(String jdbcUrl, Optional<String> user, Optional<String> password, Duration connect) {
    this.jdbcUrl = jdbcUrl;
    this.properties = new Properties();
    user.ifPresent(u -> properties.setProperty("user", u));
    password.ifPresent(p -> properties.setProperty("password", p));
    properties.setProperty("connectTimeout", Long.toString(Math.max(1, connect.toSeconds())));
    properties.setProperty("tcpKeepAlive", "true");
  }

  /** The advisory lock object id of {@code node}: the first 32 bits of its SHA-256. */
  public static int objectId(String node) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(node.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getInt();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /**
   * Holds {@code node}'s lock from now on; true when this store holds it now (reconnecting and
   * taking its locks again first when the connection was lost), false when it cannot (the server is
   * unreachable, or another live session holds the lock: {@link #problem()} says which).
   */
  synchronized boolean hold(String node) {
    nodes.putIfAbsent(node, false);
    return ensure() && nodes.get(node);
  }

  /**
   * Checks the connection, reconnecting and taking the locks again when it was lost; true when
   * every node's lock is held.
   */
  synchronized boolean ensure() {
    if (closed || nodes.isEmpty()) {
      return !closed;
    }
    if (connection != null && !valid()) {
      log.warn("jobs: the node lock connection was lost; reconnecting before claiming again");
      drop();
    }
    try {
      if (connection == null) {
        connection = DriverManager.getConnection(jdbcUrl, properties);
        connection.setAutoCommit(true);
        named = "";
        nodes.replaceAll((n, held) -> false);
      }
      String name = APPLICATION_NAME + String.join(",", nodes.keySet());
      if (!name.equals(named)) {
        try (PreparedStatement s =
            connection.prepareStatement("SELECT set_config('application_name', ?, false)")) {
          s.setString(1, name);
          s.execute();
        }
        named = name;
      }
      boolean all = true;
      for (Map.Entry<String, Boolean> e : nodes.entrySet()) {
        if (!e.getValue()) {
          e.setValue(tryLock(e.getKey()));
          if (e.getValue()) {
            log.info("jobs: node {} holds its liveness lock", e.getKey());
          } else {
            problem(
                "another live session holds the lock of node "
                    + e.getKey()
                    + ": another node runs with this instance_id (or one that just died has not"
                    + " been noticed yet)");
          }
        }
        all &= e.getValue();
      }
      if (all) {
        lastProblem = "";
      }
      return all;
    } catch (SQLException e) {
      drop();
      problem("cannot reach the job store for the node lock: " + e.getMessage());
      return false;
    }
  }

  /** The nodes this store works for (whether it holds their locks now or not). */
  synchronized Set<String> nodes() {
    return Set.copyOf(nodes.keySet());
  }

  /** Why the last {@link #hold} or {@link #ensure} failed; empty after one succeeded. */
  synchronized String problem() {
    return lastProblem;
  }

  private void problem(String what) {
    if (!what.equals(lastProblem)) {
      log.warn("jobs: {}; this node claims nothing until it holds its lock", what);
    }
    lastProblem = what;
  }

  private boolean tryLock(String node) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
      s.setInt(1, CLASS_ID);
      s.setInt(2, objectId(node));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    }
  }

  private boolean valid() {
    try {
      return connection.isValid((int) VALID_WAIT.toSeconds());
    } catch (SQLException e) {
      return false;
    }
  }

  private void drop() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("jobs: closing the lost node lock connection: {}", e.toString());
      }
      connection = null;
    }
    nodes.replaceAll((n, held) -> false);
  }

  /** Ends the session: the locks are free, as if the node had died. */
  @Override
  public synchronized void close() {
    closed = true;
    drop();
  }
}
