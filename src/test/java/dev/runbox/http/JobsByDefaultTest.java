package dev.runbox.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.config.ConfigException;
import dev.runbox.core.FakeSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The async API is on with nothing set: its store is {@code jobs.db} in the data folder, made at
 * start-up; {@code jobs_url=off} turns it off; a second service on the same file is refused.
 */
class JobsByDefaultTest {
  @TempDir Path dir;

  @Test
  void theJobsApiIsOnByDefaultOnJobsDbInTheDataFolderWhichIsMadeAtStartUp() {
    Path data = dir.resolve("made/at/start-up");
    try (TestServer http = new TestServer(new FakeSandbox(), Map.of("data_dir", data.toString()))) {
      assertThat(http.get("/v1/jobs/no-such-job").status()).isEqualTo(404);
      assertThat(data.resolve("jobs.db")).exists();
    }
  }

  @Test
  void jobsUrlOffTurnsItOff() {
    try (TestServer http =
        new TestServer(new FakeSandbox(), Map.of("data_dir", dir.toString(), "jobs_url", "off"))) {
      TestServer.Response r = http.get("/v1/jobs/no-such-job");
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.body()).contains("jobs_url=off");
      assertThat(dir.resolve("jobs.db")).doesNotExist();
    }
  }

  @Test
  void aSecondServiceOnTheSameDataFolderIsRefusedNamingTheFileUntilTheFirstStops() {
    Map<String, String> flags = Map.of("data_dir", dir.toString());
    try (TestServer first = new TestServer(new FakeSandbox(), flags)) {
      assertThatThrownBy(() -> new TestServer(new FakeSandbox(), flags))
          .isInstanceOfSatisfying(
              ConfigException.class, e -> assertThat(e.key()).isEqualTo("jobs_url"))
          .hasMessageContaining("the job store " + dir.resolve("jobs.db") + " is in use");
      assertThat(first.get("/v1/jobs/no-such-job").status()).isEqualTo(404);
    }
    try (TestServer again = new TestServer(new FakeSandbox(), flags)) {
      assertThat(again.get("/v1/jobs/no-such-job").status()).isEqualTo(404);
    }
  }

  @Test
  void aDataFolderThatCannotBeMadeStopsTheStartNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "");
    assertThatThrownBy(
            () ->
                new TestServer(
                    new FakeSandbox(), Map.of("data_dir", file.resolve("data").toString())))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.key()).isEqualTo("data_dir"))
        .hasMessageContaining(file.resolve("data").toString());
  }
}
