package dev.runbox.jobs.store;

import dev.runbox.core.jobs.JobStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on SQLite, in a file of a temporary folder. */
class SqliteJobStoreTest extends JobStoreContract {
  @TempDir Path dir;

  @Override
  JobStore newStore() {
    return JobStores.open("sqlite:" + dir.resolve("data/jobs.db"));
  }
}
