package dev.runbox.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.jobs.JobStore;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobStoresTest {
  @TempDir Path dir;

  @Test
  void sqliteUrlsAndPlainPathsAreSqliteFiles() {
    assertThat(JobStores.target("sqlite:/data/jobs.db"))
        .isEqualTo(new JobStores.Target.Sqlite(Path.of("/data/jobs.db")));
    assertThat(JobStores.target("jdbc:sqlite:/data/jobs.db"))
        .isEqualTo(new JobStores.Target.Sqlite(Path.of("/data/jobs.db")));
    assertThat(JobStores.target("/var/lib/runbox/jobs.db"))
        .isEqualTo(new JobStores.Target.Sqlite(Path.of("/var/lib/runbox/jobs.db")));
    assertThat(JobStores.target("data/jobs.db"))
        .isEqualTo(new JobStores.Target.Sqlite(Path.of("data/jobs.db")));
  }

  @Test
  void postgresqlUrlsBecomeJdbcUrlsWithTheirUserApart() {
    assertThat(JobStores.target("postgresql://runbox@db.internal:5433/jobs"))
        .isEqualTo(
            new JobStores.Target.Postgres(
                "jdbc:postgresql://db.internal:5433/jobs",
                Optional.of("runbox"),
                Optional.empty()));
    assertThat(JobStores.target("postgres://u:p%40ss@127.0.0.1/jobs?sslmode=require"))
        .isEqualTo(
            new JobStores.Target.Postgres(
                "jdbc:postgresql://127.0.0.1/jobs?sslmode=require",
                Optional.of("u"),
                Optional.of("p@ss")));
    assertThat(JobStores.target("jdbc:postgresql://h:1/d?user=u"))
        .isEqualTo(
            new JobStores.Target.Postgres(
                "jdbc:postgresql://h:1/d?user=u", Optional.empty(), Optional.empty()));
    assertThat(JobStores.target("postgresql://u:secret@h/d").toString()).doesNotContain("secret");
  }

  @Test
  void anythingElseIsRefusedNamingTheSetting() {
    for (String url :
        new String[] {"mysql://h/d", "http://h/x", "redis:6379", "", "  ", "sqlite:"}) {
      assertThatThrownBy(() -> JobStores.target(url))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("jobs_url");
    }
    assertThatThrownBy(() -> JobStores.target("postgresql:///nohost"))
        .hasMessageContaining("jobs_url");
  }

  @Test
  void openingAPathMakesItsFolderAndStore() {
    Path file = dir.resolve("a/b/jobs.db");
    try (JobStore store = JobStores.open(file.toString())) {
      assertThat(store).isInstanceOf(SqliteJobStore.class);
      assertThat(store.counts().queued()).isZero();
    }
    assertThat(file).exists();
    try (JobStore again = JobStores.open("sqlite:" + file)) {
      assertThat(again.counts().queued()).isZero();
    }
  }
}
