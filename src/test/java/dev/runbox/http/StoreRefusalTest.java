package dev.runbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.jobs.JobStoreException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StoreRefusalTest {
  @Test
  void anUnreachableJobStoreIsA503ToRetryWithoutItsInternals() {
    Refusal r =
        Refusal.of(
            new JobStoreException(
                "the job store failed: Connection to 10.1.2.3:5432 refused",
                new SQLException("refused")),
            "a job route");

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.message()).contains("job store cannot be reached").doesNotContain("10.1.2.3");
    assertThat(r.headers()).containsEntry("Retry-After", "5");
    assertThat(Problem.of(r).type()).isEqualTo("urn:runbox:problem:sandbox-unavailable");
  }
}
