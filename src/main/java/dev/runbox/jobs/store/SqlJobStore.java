package dev.runbox.jobs.store;

import dev.runbox.core.jobs.Claim;
import dev.runbox.core.jobs.Job;
import dev.runbox.core.jobs.JobCounts;
import dev.runbox.core.jobs.JobKind;
import dev.runbox.core.jobs.JobStatus;
import dev.runbox.core.jobs.JobStore;
import dev.runbox.core.jobs.NewJob;
import dev.runbox.core.jobs.Submitted;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL both stores share. A subclass gives its dialect: the store's clock, how it reads and
 * writes a time, how a batch of rows is picked for an update without two transactions picking the
 * same row, and how a transaction runs.
 */
abstract sealed class SqlJobStore implements JobStore permits SqliteJobStore, PostgresJobStore {
  /**
   * How long a callback handed out by {@link #dueCallbacks} is held back from the other nodes while
   * one delivers it: a node that dies delivering leaves it due again after this.
   */
  static final Duration CALLBACK_HOLD = Duration.ofMinutes(1);

  private static final String COLUMNS =
      "id, kind, status, request, attempt, max_attempts, node, result, error, callback_url,"
          + " callback_state, callback_attempts, callback_next, callback_last_error, created_at,"
          + " started_at, finished_at";
  private static final String JOINED_COLUMNS = COLUMNS.replaceAll("(^|, )(\\w+)", "$1j.$2");
  private static final String FINAL = "('done', 'failed', 'cancelled')";
  private static final int IN_LIST_CHUNK = 500;

  /** Work done inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** An SQL expression: the store's current time. */
  abstract String now();

  /** An SQL expression with one parameter: the store's current time plus that many ms. */
  abstract String nowPlusMillis();

  abstract Optional<Instant> instant(ResultSet row, String column) throws SQLException;

  abstract void setInstant(PreparedStatement statement, int index, Instant value)
      throws SQLException;

  /**
   * An UPDATE of {@code runbox_job} that sets {@code set} on the rows {@code pick} selects (a
   * SELECT of {@code id AS pid}, with its LIMIT), never on a row another transaction picked, and
   * returns {@code returning}.
   */
  abstract String updatePicked(String set, String pick, String returning);

  /** A query of one row and one column: the database's size in bytes. */
  abstract String sizeQuery();

  /** Runs {@code work} in one transaction, committed when it returns. */
  abstract <T> T transaction(boolean writes, Work<T> work);

  @Override
  public Submitted submit(NewJob job) {
    return transaction(
        true,
        c -> {
          int inserted;
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO runbox_job (id, kind, status, request, request_digest, idem_key,"
                      + " max_attempts, callback_url, callback_state, created_at)"
                      + " VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, "
                      + now()
                      + ") ON CONFLICT DO NOTHING")) {
            s.setString(1, job.id());
            s.setString(2, job.kind().apiName());
            s.setString(3, job.request());
            s.setString(4, job.requestDigest());
            setOptional(s, 5, job.idempotencyKey());
            s.setInt(6, job.maxAttempts());
            setOptional(s, 7, job.callbackUrl());
            s.setString(8, job.callbackUrl().isPresent() ? "pending" : "none");
            inserted = s.executeUpdate();
          }
          if (inserted == 1 && !job.aliases().isEmpty()) {
            try (PreparedStatement s =
                c.prepareStatement("INSERT INTO runbox_job_alias (alias, job_id) VALUES (?, ?)")) {
              for (String alias : job.aliases()) {
                s.setString(1, alias);
                s.setString(2, job.id());
                s.addBatch();
              }
              s.executeBatch();
            }
          }
          if (inserted == 1) {
            return new Submitted.Created(load(c, job.id()).orElseThrow());
          }
          if (job.idempotencyKey().isPresent()) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "SELECT id, request_digest FROM runbox_job WHERE idem_key = ?")) {
              s.setString(1, job.idempotencyKey().get());
              try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                  String id = r.getString("id");
                  return r.getString("request_digest").equals(job.requestDigest())
                      ? new Submitted.Existing(load(c, id).orElseThrow())
                      : new Submitted.Conflict(id);
                }
              }
            }
          }
          throw new IllegalArgumentException("a job with the id " + job.id() + " exists already");
        });
  }

  @Override
  public Optional<Job> find(String id) {
    return transaction(false, c -> load(c, id));
  }

  @Override
  public List<Job> findAll(List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<String, Job> found =
        transaction(
            false,
            c -> {
              Map<String, Job> jobs = new HashMap<>();
              for (int from = 0; from < ids.size(); from += IN_LIST_CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST_CHUNK));
                String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement s =
                    c.prepareStatement(
                        "SELECT "
                            + COLUMNS
                            + ", NULL AS alias FROM runbox_job WHERE id IN ("
                            + marks
                            + ") UNION ALL SELECT "
                            + JOINED_COLUMNS
                            + ", a.alias FROM runbox_job_alias a JOIN runbox_job j ON j.id ="
                            + " a.job_id WHERE a.alias IN ("
                            + marks
                            + ")")) {
                  for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 1, chunk.get(i));
                    s.setString(chunk.size() + i + 1, chunk.get(i));
                  }
                  try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                      Job job = job(r);
                      String alias = r.getString("alias");
                      jobs.put(alias == null ? job.id() : alias, job);
                    }
                  }
                }
              }
              return jobs;
            });
    List<Job> ordered = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      Job job = found.get(id);
      if (job != null && seen.add(job.id())) {
        ordered.add(job);
      }
    }
    return List.copyOf(ordered);
  }

  @Override
  public List<Claim> claim(String node, int max, Duration lease) {
    if (max < 1) {
      return List.of();
    }
    String sql =
        updatePicked(
            "status = 'running', attempt = attempt + 1, attempts_counted = attempts_counted + 1,"
                + " node = ?, lease_owner = ?, lease_until = "
                + nowPlusMillis()
                + ", started_at = COALESCE(started_at, "
                + now()
                + ")",
            "SELECT id AS pid FROM runbox_job WHERE status = 'queued' ORDER BY created_at, id LIMIT "
                + max,
            "id, attempt, kind, request, created_at");
    return transaction(
        true,
        c -> {
          record Picked(Claim claim, Instant createdAt) {}
          List<Picked> picked = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, node);
            s.setString(2, node);
            s.setLong(3, lease.toMillis());
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                picked.add(
                    new Picked(
                        new Claim(
                            r.getString("id"),
                            r.getInt("attempt"),
                            kind(r.getString("kind")),
                            r.getString("request")),
                        instant(r, "created_at").orElseThrow()));
              }
            }
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO runbox_attempt (job_id, attempt, node, claimed_at) VALUES (?, ?, ?, "
                      + now()
                      + ")")) {
            for (Picked p : picked) {
              s.setString(1, p.claim().jobId());
              s.setInt(2, p.claim().attempt());
              s.setString(3, node);
              s.addBatch();
            }
            if (!picked.isEmpty()) {
              s.executeBatch();
            }
          }
          return picked.stream()
              .sorted(Comparator.comparing(Picked::createdAt).thenComparing(p -> p.claim().jobId()))
              .map(Picked::claim)
              .toList();
        });
  }

  @Override
  public Set<String> renew(String node, List<Claim> held, Duration lease) {
    if (held.isEmpty()) {
      return Set.of();
    }
    return transaction(
        true,
        c -> {
          Set<String> kept = new LinkedHashSet<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE runbox_job SET lease_until = " + nowPlusMillis() + " WHERE " + HELD)) {
            for (Claim claim : held) {
              s.setLong(1, lease.toMillis());
              setHeld(s, 2, node, claim);
              if (s.executeUpdate() == 1) {
                kept.add(claim.jobId());
              }
            }
          }
          return Set.copyOf(kept);
        });
  }

  @Override
  public Set<String> held(String node, List<Claim> held) {
    if (held.isEmpty()) {
      return Set.of();
    }
    return transaction(
        false,
        c -> {
          Set<String> kept = new LinkedHashSet<>();
          try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM runbox_job WHERE " + HELD)) {
            for (Claim claim : held) {
              setHeld(s, 1, node, claim);
              try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                  kept.add(claim.jobId());
                }
              }
            }
          }
          return Set.copyOf(kept);
        });
  }

  /** The claim's attempt is still running and leased to the node: three parameters, from one. */
  private static final String HELD =
      "id = ? AND attempt = ? AND status = 'running' AND lease_owner = ?";

  private static void setHeld(PreparedStatement s, int from, String node, Claim claim)
      throws SQLException {
    s.setString(from, claim.jobId());
    s.setInt(from + 1, claim.attempt());
    s.setString(from + 2, node);
  }

  @Override
  public boolean complete(
      Claim claim, JobStatus status, Optional<String> result, Optional<String> error) {
    if (status != JobStatus.DONE && status != JobStatus.FAILED) {
      throw new IllegalArgumentException("an attempt ends done or failed, not " + status);
    }
    return transaction(
        true,
        c -> {
          int changed;
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE runbox_job SET status = ?, result = ?, error = ?, finished_at = "
                      + now()
                      + ", lease_owner = NULL, lease_until = NULL, "
                      + callbackDue()
                      + " WHERE id = ? AND attempt = ? AND status = 'running'")) {
            s.setString(1, status.apiName());
            setOptional(s, 2, result);
            setOptional(s, 3, error);
            s.setString(4, claim.jobId());
            s.setInt(5, claim.attempt());
            changed = s.executeUpdate();
          }
          if (changed == 1) {
            endAttempt(c, claim.jobId(), claim.attempt(), status.apiName());
          }
          return changed == 1;
        });
  }

  @Override
  public boolean release(Claim claim) {
    return transaction(
        true,
        c -> {
          int changed;
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE runbox_job SET status = 'queued', attempts_counted = attempts_counted - 1,"
                      + " lease_owner = NULL, lease_until = NULL"
                      + " WHERE id = ? AND attempt = ? AND status = 'running'")) {
            s.setString(1, claim.jobId());
            s.setInt(2, claim.attempt());
            changed = s.executeUpdate();
          }
          if (changed == 1) {
            endAttempt(c, claim.jobId(), claim.attempt(), "released");
          }
          return changed == 1;
        });
  }

  @Override
  public Optional<Job> cancel(String id) {
    return transaction(
        true,
        c -> {
          int changed;
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE runbox_job SET status = 'cancelled', finished_at = "
                      + now()
                      + ", lease_owner = NULL, lease_until = NULL, "
                      + callbackDue()
                      + " WHERE id = ? AND status IN ('queued', 'running')")) {
            s.setString(1, id);
            changed = s.executeUpdate();
          }
          if (changed == 1) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "UPDATE runbox_attempt SET ended_at = "
                        + now()
                        + ", outcome = 'cancelled' WHERE job_id = ? AND ended_at IS NULL")) {
              s.setString(1, id);
              s.executeUpdate();
            }
          }
          return load(c, id);
        });
  }

  @Override
  public int requeueExpired() {
    return requeue("lease_until < " + now(), Optional.empty(), "expired");
  }

  @Override
  public int requeueOwn(String node) {
    return requeue("lease_owner = ?", Optional.of(node), "node restarted");
  }

  /**
   * The running jobs {@code where} selects are queued again, or failed ("node lost NODE") when
   * their counted attempts reached their maximum.
   */
  private int requeue(String where, Optional<String> parameter, String outcome) {
    return transaction(true, c -> requeue(c, where, parameter, outcome));
  }

  /** {@link #requeue(String, Optional, String)} inside the caller's transaction. */
  final int requeue(Connection c, String where, Optional<String> parameter, String outcome)
      throws SQLException {
    String spent = "attempts_counted >= max_attempts";
    String sql =
        "UPDATE runbox_job SET"
            + (" status = CASE WHEN " + spent + " THEN 'failed' ELSE 'queued' END,")
            + (" error = CASE WHEN " + spent + " THEN 'node lost ' || lease_owner ELSE error END,")
            + (" finished_at = CASE WHEN " + spent + " THEN " + now() + " END,")
            + (" callback_state = CASE WHEN " + spent + " AND callback_url IS NOT NULL")
            + " THEN 'due' ELSE callback_state END,"
            + (" callback_next = CASE WHEN " + spent + " AND callback_url IS NOT NULL")
            + (" THEN " + now() + " ELSE callback_next END,")
            + " lease_owner = NULL, lease_until = NULL"
            + (" WHERE status = 'running' AND " + where)
            + " RETURNING id, attempt";
    record Ended(String id, int attempt) {}
    List<Ended> ended = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      if (parameter.isPresent()) {
        s.setString(1, parameter.get());
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ended.add(new Ended(r.getString("id"), r.getInt("attempt")));
        }
      }
    }
    for (Ended e : ended) {
      endAttempt(c, e.id(), e.attempt(), outcome);
    }
    return ended.size();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Each job handed out is held back from the next calls (here and on other nodes) for {@link
   * #CALLBACK_HOLD}, its {@code callback.next}, unless {@link #callbackDelivered} says otherwise
   * first.
   */
  @Override
  public List<Job> dueCallbacks(int max) {
    if (max < 1) {
      return List.of();
    }
    String sql =
        updatePicked(
            "callback_next = " + nowPlusMillis(),
            "SELECT id AS pid FROM runbox_job WHERE callback_state = 'due' AND callback_next <= "
                + now()
                + " ORDER BY callback_next, id LIMIT "
                + max,
            COLUMNS);
    return transaction(
        true,
        c -> {
          List<Job> jobs = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, CALLBACK_HOLD.toMillis());
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                jobs.add(job(r));
              }
            }
          }
          jobs.sort(
              Comparator.comparing((Job j) -> j.finishedAt().orElse(Instant.MIN))
                  .thenComparing(Job::id));
          return List.copyOf(jobs);
        });
  }

  @Override
  public void callbackDelivered(String id, Job.Callback state) {
    transaction(
        true,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE runbox_job SET callback_state = ?, callback_attempts = ?,"
                      + " callback_next = ?, callback_last_error = ? WHERE id = ?")) {
            s.setString(1, state.state());
            s.setInt(2, state.attempts());
            if (state.next().isPresent()) {
              setInstant(s, 3, state.next().get());
            } else {
              s.setNull(3, Types.TIMESTAMP_WITH_TIMEZONE);
            }
            setOptional(s, 4, state.lastError());
            s.setString(5, id);
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public int purge(Instant before) {
    String ended = "status IN " + FINAL + " AND finished_at < ?";
    return transaction(
        true,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM runbox_attempt WHERE job_id IN (SELECT id FROM runbox_job WHERE "
                      + ended
                      + ")")) {
            setInstant(s, 1, before);
            s.executeUpdate();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM runbox_job_alias WHERE job_id IN (SELECT id FROM runbox_job WHERE "
                      + ended
                      + ")")) {
            setInstant(s, 1, before);
            s.executeUpdate();
          }
          try (PreparedStatement s = c.prepareStatement("DELETE FROM runbox_job WHERE " + ended)) {
            setInstant(s, 1, before);
            return s.executeUpdate();
          }
        });
  }

  @Override
  public JobCounts counts() {
    return transaction(
        false,
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT "
                          + now()
                          + " AS now_,"
                          + " SUM(CASE WHEN status = 'queued' THEN 1 ELSE 0 END) AS queued,"
                          + " SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END) AS running,"
                          + " MIN(CASE WHEN status = 'queued' THEN created_at END) AS oldest"
                          + " FROM runbox_job WHERE status IN ('queued', 'running')");
              ResultSet r = s.executeQuery()) {
            r.next();
            Instant now = instant(r, "now_").orElseThrow();
            Duration age =
                instant(r, "oldest")
                    .map(oldest -> Duration.between(oldest, now))
                    .filter(d -> !d.isNegative())
                    .orElse(Duration.ZERO);
            return new JobCounts(r.getLong("queued"), r.getLong("running"), age);
          }
        });
  }

  @Override
  public List<Job> newest(JobKind kind, long offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("a page from " + offset + " of " + limit + " jobs");
    }
    if (limit == 0) {
      return List.of();
    }
    return transaction(
        false,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM runbox_job WHERE kind = ?"
                      + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")) {
            s.setString(1, kind.apiName());
            s.setInt(2, limit);
            s.setLong(3, offset);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                jobs.add(job(r));
              }
            }
            return List.copyOf(jobs);
          }
        });
  }

  @Override
  public long count(JobKind kind, Instant from, Instant until) {
    return transaction(
        false,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT COUNT(*) AS n FROM runbox_job"
                      + " WHERE kind = ? AND created_at >= ? AND created_at < ?")) {
            s.setString(1, kind.apiName());
            setInstant(s, 2, from);
            setInstant(s, 3, until);
            try (ResultSet r = s.executeQuery()) {
              r.next();
              return r.getLong("n");
            }
          }
        });
  }

  @Override
  public long sizeInBytes() {
    return transaction(
        false,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sizeQuery());
              ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
          }
        });
  }

  /** The SET clauses of a job's end: its callback, when it has one, is due now. */
  private String callbackDue() {
    return "callback_state = CASE WHEN callback_url IS NULL THEN 'none' ELSE 'due' END,"
        + " callback_next = CASE WHEN callback_url IS NULL THEN NULL ELSE "
        + now()
        + " END";
  }

  private void endAttempt(Connection c, String id, int attempt, String outcome)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE runbox_attempt SET ended_at = "
                + now()
                + ", outcome = ? WHERE job_id = ? AND attempt = ?")) {
      s.setString(1, outcome);
      s.setString(2, id);
      s.setInt(3, attempt);
      s.executeUpdate();
    }
  }

  private Optional<Job> load(Connection c, String id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM runbox_job WHERE id = ? OR id = (SELECT job_id FROM runbox_job_alias"
                + " WHERE alias = ?)")) {
      s.setString(1, id);
      s.setString(2, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(job(r)) : Optional.empty();
      }
    }
  }

  private Job job(ResultSet r) throws SQLException {
    return new Job(
        r.getString("id"),
        kind(r.getString("kind")),
        status(r.getString("status")),
        r.getString("request"),
        r.getInt("attempt"),
        r.getInt("max_attempts"),
        instant(r, "created_at").orElseThrow(),
        instant(r, "started_at"),
        instant(r, "finished_at"),
        Optional.ofNullable(r.getString("node")),
        Optional.ofNullable(r.getString("callback_url")),
        new Job.Callback(
            r.getString("callback_state"),
            r.getInt("callback_attempts"),
            instant(r, "callback_next"),
            Optional.ofNullable(r.getString("callback_last_error"))),
        Optional.ofNullable(r.getString("result")),
        Optional.ofNullable(r.getString("error")));
  }

  private static void setOptional(PreparedStatement s, int index, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      s.setString(index, value.get());
    } else {
      s.setNull(index, Types.VARCHAR);
    }
  }

  private static JobKind kind(String name) {
    for (JobKind kind : JobKind.values()) {
      if (kind.apiName().equals(name)) {
        return kind;
      }
    }
    throw new IllegalStateException("a stored job has an unknown kind: " + name);
  }

  private static JobStatus status(String name) {
    for (JobStatus status : JobStatus.values()) {
      if (status.apiName().equals(name)) {
        return status;
      }
    }
    throw new IllegalStateException("a stored job has an unknown status: " + name);
  }
}
