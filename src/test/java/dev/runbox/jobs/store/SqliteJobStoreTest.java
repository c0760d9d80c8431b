package dev.runbox.jobs.store;

import dev.runbox.core.jobs.JobStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The contract on SQLite, in a file of a temporary folder. */
class SqliteJobStoreTest extends JobStoreContract {
  @TempDir Path dir;

  @Override
  JobStore newStore() {
    return JobStores.open("sqlite:" + dir.resolve("data/jobs.db"));
  }

  @Override
  List<String> attempts(String jobId) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/jobs.db"))) {
      return AttemptRows.read(c, jobId);
    }
  }
}
