package dev.runbox.jobs.store;

import dev.runbox.core.jobs.JobStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

/** The contract on PostgreSQL (a throw-away cluster on loopback: {@link PostgresFixture}). */
class PostgresJobStoreIT extends JobStoreContract {
  @Override
  JobStore newStore() throws Exception {
    String url = PostgresFixture.url();
    JobStore store = JobStores.open(url);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE runbox_job, runbox_attempt");
    }
    return store;
  }

  @Override
  List<String> attempts(String jobId) throws Exception {
    try (Connection c = DriverManager.getConnection(PostgresFixture.url())) {
      return AttemptRows.read(c, jobId);
    }
  }
}
