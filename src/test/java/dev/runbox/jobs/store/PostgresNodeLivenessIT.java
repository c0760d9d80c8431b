package dev.runbox.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.jobs.Claim;
import dev.runbox.core.jobs.JobKind;
import dev.runbox.core.jobs.JobStatus;
import dev.runbox.core.jobs.JobStoreException;
import dev.runbox.core.jobs.NewJob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two stores on one database as two nodes: a node whose lock session ends (as when its process is
 * killed) has its running jobs taken back by the other at once, long before their leases lapse; a
 * live node's never are.
 */
class PostgresNodeLivenessIT {
  private static final Duration LONG_LEASE = Duration.ofMinutes(10);

  private final String nodeA = "node-a-" + UUID.randomUUID();
  private final String nodeB = "node-b-" + UUID.randomUUID();
  private final List<PostgresJobStore> stores = new ArrayList<>();
  private int minted;

  @BeforeEach
  void empty() throws SQLException {
    try (Connection c = DriverManager.getConnection(PostgresFixture.url());
        Statement s = c.createStatement()) {
      // the contract's tables; opening a store first migrates them when this class runs alone
      PostgresJobStore.open(PostgresFixture.url(), Optional.empty(), Optional.empty()).close();
      s.execute("TRUNCATE runbox_job, runbox_attempt");
    }
  }

  @AfterEach
  void closeStores() {
    stores.forEach(PostgresJobStore::close);
  }

  private PostgresJobStore open(Duration restartGrace) {
    PostgresJobStore store =
        PostgresJobStore.open(
            PostgresFixture.url(), Optional.empty(), Optional.empty(), restartGrace);
    stores.add(store);
    return store;
  }

  private String submit(PostgresJobStore store) {
    minted++;
    String id = "live-%04d-%s".formatted(minted, UUID.randomUUID());
    store.submit(
        new NewJob(
            id, JobKind.RUN, "{\"n\":" + minted + "}", "d", Optional.empty(), Optional.empty(), 3));
    return id;
  }

  @Test
  void aDeadNodesJobsAreQueuedAgainAtOnceAndItsLateResultIsRefused() throws Exception {
    PostgresJobStore a = open(Duration.ZERO);
    PostgresJobStore b = open(Duration.ZERO);
    submit(a);
    submit(a);
    List<Claim> held = a.claim(nodeA, 5, LONG_LEASE);
    assertThat(held).hasSize(2);
    assertThat(lockSessions(nodeA)).as("A's lock, in the two-int form").hasSize(1);

    assertThat(b.requeueExpired()).as("A lives: B takes nothing").isZero();
    assertThat(b.claim(nodeB, 5, LONG_LEASE)).isEmpty();

    terminate(lockSessions(nodeA));
    int taken = pollUntil(Instant.now().plusSeconds(10), b::requeueExpired);

    assertThat(taken).as("A's two jobs, long before their 10-minute leases").isEqualTo(2);
    List<Claim> again = b.claim(nodeB, 5, LONG_LEASE);
    assertThat(again).extracting(Claim::attempt).containsOnly(2);
    for (Claim c : held) {
      assertThat(attempts(c.jobId()))
          .containsExactly("1 " + nodeA + " node dead", "2 " + nodeB + " -");
      assertThat(a.complete(c, JobStatus.DONE, Optional.of("{}"), Optional.empty()))
          .as("A's late result is fenced off")
          .isFalse();
    }
    for (Claim c : again) {
      assertThat(b.complete(c, JobStatus.DONE, Optional.of("{}"), Optional.empty())).isTrue();
    }
  }

  @Test
  void aLiveNodesJobsAreNeverTakenByAnother() {
    PostgresJobStore a = open(Duration.ZERO);
    PostgresJobStore b = open(Duration.ZERO);
    submit(a);
    a.claim(nodeA, 1, LONG_LEASE);

    for (int i = 0; i < 5; i++) {
      assertThat(b.requeueExpired()).isZero();
    }
    assertThat(a.requeueExpired()).as("a node never takes its own jobs as dead").isZero();
  }

  @Test
  void aNodeWhoseLockIsHeldElsewhereClaimsNothingUntilItHoldsItAgain() throws Exception {
    PostgresJobStore a = open(Duration.ZERO);
    submit(a);
    assertThat(a.requeueOwn(nodeA)).isZero();
    assertThat(lockSessions(nodeA)).hasSize(1);

    try (Connection other = DriverManager.getConnection(PostgresFixture.url())) {
      terminate(lockSessions(nodeA));
      awaitNoLockSession(nodeA);
      lock(other, nodeA);
      assertThat(a.claim(nodeA, 5, LONG_LEASE)).as("its lock is another session's").isEmpty();
      unlock(other, nodeA);
    }

    assertThat(a.claim(nodeA, 5, LONG_LEASE)).as("after reconnecting and locking").hasSize(1);
    assertThat(lockSessions(nodeA)).hasSize(1);
  }

  @Test
  void aSecondLiveNodeWithTheSameIdRefusesToStart() {
    PostgresJobStore a = open(Duration.ZERO);
    PostgresJobStore twin = open(Duration.ZERO);
    a.requeueOwn(nodeA);

    assertThatThrownBy(() -> twin.requeueOwn(nodeA))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("another live session holds the lock of node " + nodeA);
  }

  @Test
  void inTheGraceAfterTheServersStartNoNodeIsTakenForDead() throws Exception {
    PostgresJobStore a = open(Duration.ZERO);
    PostgresJobStore b = open(Duration.ofDays(365));
    submit(a);
    a.claim(nodeA, 1, LONG_LEASE);

    terminate(lockSessions(nodeA));
    awaitNoLockSession(nodeA);

    assertThat(b.requeueExpired()).isZero();
  }

  /** The backends that hold {@code node}'s lock. */
  private static List<Integer> lockSessions(String node) throws SQLException {
    try (Connection c = DriverManager.getConnection(PostgresFixture.url());
        PreparedStatement s =
            c.prepareStatement(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname ="
                    + " current_database()) AND classid::bigint = ? AND objid::bigint = ?"
                    + " AND objsubid = 2")) {
      s.setLong(1, Integer.toUnsignedLong(NodeLocks.CLASS_ID));
      s.setLong(2, Integer.toUnsignedLong(NodeLocks.objectId(node)));
      List<Integer> pids = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          pids.add(r.getInt(1));
        }
      }
      return pids;
    }
  }

  /** Ends those backends, as the server does when a node's process dies. */
  private static void terminate(List<Integer> pids) throws SQLException {
    assertThat(pids).isNotEmpty();
    try (Connection c = DriverManager.getConnection(PostgresFixture.url());
        PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      for (int pid : pids) {
        s.setInt(1, pid);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          assertThat(r.getBoolean(1)).isTrue();
        }
      }
    }
  }

  private static void awaitNoLockSession(String node) throws SQLException {
    Instant until = Instant.now().plusSeconds(10);
    while (!lockSessions(node).isEmpty()) {
      assertThat(Instant.now()).as("the terminated backend ends").isBefore(until);
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  private static void lock(Connection c, String node) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
      s.setInt(1, NodeLocks.CLASS_ID);
      s.setInt(2, NodeLocks.objectId(node));
      s.execute();
    }
  }

  private static void unlock(Connection c, String node) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
      s.setInt(1, NodeLocks.CLASS_ID);
      s.setInt(2, NodeLocks.objectId(node));
      s.execute();
    }
  }

  private static List<String> attempts(String id) throws SQLException {
    try (Connection c = DriverManager.getConnection(PostgresFixture.url())) {
      return AttemptRows.read(c, id);
    }
  }

  /** Calls {@code f} until it returns more than zero or the deadline passes; its last answer. */
  private static int pollUntil(Instant until, IntSupplier f) {
    int n = f.getAsInt();
    while (n == 0 && Instant.now().isBefore(until)) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      n = f.getAsInt();
    }
    return n;
  }
}
