package dev.runbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {
  /** The keys and defaults scripts, deployments and clients rely on; a change here breaks them. */
  private static final Map<String, String> PUBLISHED = published();

  private static Map<String, String> published() {
    Map<String, String> d = new LinkedHashMap<>();
    String[] plain = {
      "host",
      "127.0.0.1",
      "port",
      "4597",
      "judge0_port",
      "0",
      "judge0_signals_as_nzec",
      "false",
      "tokens",
      "",
      "allow_anonymous",
      "false",
      "docker_host",
      "unix:///var/run/docker.sock",
      "catalog",
      "images",
      "max_running",
      "4",
      "max_queued",
      "32",
      "queue_timeout_s",
      "30",
      "busy_status",
      "429",
      "run_uid",
      "10001",
      "idle_uid",
      "10002",
      "outer_grace_s",
      "5",
      "runtime",
      "",
      "max_body_kib",
      "10240",
      "max_bodies_kib",
      "32768",
      "max_files",
      "1000",
      "max_tests",
      "500",
      "max_test_input_kib",
      "8192",
      "reaper_interval_s",
      "60",
      "pool_size",
      "4",
      "pool_min_size",
      "1",
      "pool_max_refills",
      "2",
      "pool_images",
      "",
      "pool_max_idle_s",
      "300",
      "instance_id",
      "",
      "data_dir",
      "",
      "jobs_url",
      "",
      "max_attempts",
      "3",
      "jobs_lease_s",
      "30",
      "jobs_retention_h",
      "24",
      "callback_secret",
      "",
      "callback_allow",
      ""
    };
    for (int i = 0; i < plain.length; i += 2) {
      d.put(plain[i], plain[i + 1]);
    }
    String[][] limits = {
      {"time_s", "10", "120"},
      {"memory_mib", "128", "4096"},
      {"cpus", "1", "2"},
      {"pids", "128", "1024"},
      {"disk_mib", "64", "1024"},
      {"output_kib", "50", "1024"},
      {"open_files", "256", "4096"}
    };
    for (String[] l : limits) {
      d.put("limits.default." + l[0], l[1]);
      d.put("limits.max." + l[0], l[2]);
    }
    return d;
  }

  @Test
  void keepsEveryPublishedKeyWithItsDefaultAndNothingElse() {
    Map<String, String> registry = new LinkedHashMap<>();
    ConfigKeys.all().forEach(k -> registry.put(k.name(), k.defaultValue()));
    assertThat(registry).containsExactlyEntriesOf(PUBLISHED);
  }

  @Test
  void everyKeyIsDocumentedOnOneLine() {
    assertThat(ConfigKeys.all())
        .allSatisfy(
            k -> {
              assertThat(k.doc())
                  .as(k.name())
                  .isNotBlank()
                  .doesNotContain("\n")
                  .doesNotEndWith(".");
            });
  }

  @Test
  void everyDefaultParses() {
    assertThat(ConfigKeys.all())
        .allSatisfy(
            k ->
                assertThatCode(() -> k.parse(k.defaultValue()))
                    .as(k.name())
                    .doesNotThrowAnyException());
  }

  @Test
  void namesTheEnvironmentVariableAfterTheKey() {
    assertThat(ConfigKeys.MAXIMUM_LIMITS.values())
        .extracting(ConfigKey::envName)
        .contains("RUNBOX_LIMITS_MAX_TIME_S", "RUNBOX_LIMITS_MAX_OPEN_FILES");
    assertThat(ConfigKeys.REAPER_INTERVAL.envName()).isEqualTo("RUNBOX_REAPER_INTERVAL_S");
    assertThat(ConfigKeys.POOL_IMAGES.envName()).isEqualTo("RUNBOX_POOL_IMAGES");
  }
}
