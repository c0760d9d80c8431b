package dev.runbox.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.jobs.JobStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One store per SQLite file: a second one on the same file is refused until the first closes. */
class SqliteJobStoreLockTest {
  @TempDir Path dir;

  @Test
  void aSecondStoreOnTheSameFileIsRefusedNamingItUntilTheFirstCloses() throws Exception {
    Path file = dir.resolve("jobs.db");
    SqliteJobStore first = SqliteJobStore.open(file);
    try {
      assertThat(dir.resolve("jobs.db.lock")).exists();
      assertThatThrownBy(() -> SqliteJobStore.open(file))
          .isInstanceOf(JobStoreException.class)
          .hasMessageContaining("the job store " + file + " is in use by another runbox")
          .hasMessageContaining("jobs.db.lock");
      // the same file by another path to it: through a link to its folder
      Path link = Files.createSymbolicLink(dir.resolve("link"), dir);
      assertThatThrownBy(() -> JobStores.open("sqlite:" + link.resolve("jobs.db")))
          .isInstanceOf(JobStoreException.class)
          .hasMessageContaining("in use by another runbox");
      // the refusals left the first store's lock and connection as they were
      assertThat(first.counts().queued()).isZero();
    } finally {
      first.close();
    }
    SqliteJobStore again = SqliteJobStore.open(file);
    again.close();
  }

  @Test
  void storesOnDifferentFilesOfOneFolderOpenSideBySide() throws Exception {
    Files.createDirectories(dir.resolve("b"));
    try (SqliteJobStore a = SqliteJobStore.open(dir.resolve("a.db"));
        SqliteJobStore b = SqliteJobStore.open(dir.resolve("b/a.db"))) {
      assertThat(a).isNotSameAs(b);
    }
  }
}
