package dev.runbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void hasTheDesignNotesDefaults() {
    RunboxConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.server().port()).isEqualTo(4597);
    assertThat(c.limits().defaults().timeSeconds()).isEqualTo(10);
    assertThat(c.limits().defaults().memoryMib()).isEqualTo(128);
    assertThat(c.limits().defaults().outputKib()).isEqualTo(50);
    assertThat(c.server().loopbackOnly()).isTrue();
  }

  @Test
  void aFileIsOverriddenByTheEnvironmentWhichIsOverriddenByFlags() throws Exception {
    Path f = dir.resolve("runbox.properties");
    Files.writeString(f, "port=5000\nmax_running=3\nlimits.max.time_s=60\n");
    RunboxConfig c =
        ConfigLoader.load(
            Optional.of(f),
            Map.of("RUNBOX_PORT", "6000", "RUNBOX_MAX_RUNNING", "5"),
            Map.of("port", "7000"));
    assertThat(c.server().port()).isEqualTo(7000);
    assertThat(c.admission().maxRunning()).isEqualTo(5);
    assertThat(c.limits().maximum().timeSeconds()).isEqualTo(60);
  }

  @Test
  void rejectsBadValuesNamingTheKey() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("port", "http")))
        .hasMessageContaining("port must be a whole number");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("port", "70000")))
        .hasMessageContaining("port must be between 0 and 65535");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("run_uid", "0")))
        .hasMessageContaining("run_uid");
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("allow_anonymous", "yes")))
        .hasMessageContaining("allow_anonymous must be true or false");
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("busy_status", "500")))
        .hasMessageContaining("busy_status must be one of 429, 503, got '500'");
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("docker_host", "http://x")))
        .hasMessageContaining("docker_host");
  }

  @Test
  void readsTheJudgesTestBoundAndRejectsZero() {
    assertThat(
            ConfigLoader.load(Optional.empty(), Map.of(), Map.of("max_tests", "20"))
                .limits()
                .maxTests())
        .isEqualTo(20);
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("max_tests", "0")))
        .hasMessageContaining("max_tests");
  }

  @Test
  void rejectsADefaultAboveItsMaximumInsteadOfClampingIt() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of("limits.default.memory_mib", "8192")))
        .hasMessageContaining("memory_mib 8192 is above the maximum 4096");
  }

  @Test
  void aPoolMinimumAboveItsMaximumIsRejectedNotClamped() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of("pool_size", "2", "pool_min_size", "3")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.key()).isEqualTo("pool_min_size"))
        .hasMessageContaining("pool_min_size (3) must not exceed pool_size (2)");
    RunboxConfig off = ConfigLoader.load(Optional.empty(), Map.of(), Map.of("pool_size", "0"));
    assertThat(off.pool().minFor("python")).isZero();
    RunboxConfig some =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            Map.of("pool_size", "6", "pool_min_size", "2", "pool_images", "python"));
    assertThat(some.pool().minFor("python")).isEqualTo(2);
    assertThat(some.pool().sizeFor("python")).isEqualTo(6);
    assertThat(some.pool().minFor("ruby")).isZero();
  }

  @Test
  void aBadValueIsAConfigExceptionThatNamesTheKey() {
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of("RUNBOX_MAX_QUEUED", "-1"), Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.key()).isEqualTo("max_queued"));
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("limits.max.time_s", "0")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.key()).isEqualTo("limits.max.time_s"))
        .hasMessage("limits.max.time_s: time_s must be at least 1, got 0");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of("limits.default.pids", "12.5")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.key()).isEqualTo("limits.default.pids"))
        .hasMessageContaining("pids must be a whole number, got 12.5");
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("limits.max.cpus", "lots")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("limits.max.cpus must be a number, got 'lots'");
  }

  @Test
  void valuesThatDoNotFitTogetherNameTheKeyToChange() {
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("idle_uid", "10001")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.key()).isEqualTo("idle_uid"))
        .hasMessage("idle_uid must differ from run_uid (both 10001)");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of("limits.default.memory_mib", "8192")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.key()).isEqualTo("limits.default.memory_mib"))
        .hasMessage(
            "limits.default.memory_mib: memory_mib 8192 is above the maximum 4096 set by limits.max.memory_mib");
  }

  @Test
  void aJudge0PortIsNoneByDefaultAPortNumberOrRefusedWhenItIsTheMainPort() {
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).server().judge0Port())
        .isZero();
    assertThat(
            ConfigLoader.load(Optional.empty(), Map.of(), Map.of("judge0_port", "2358"))
                .server()
                .judge0Port())
        .isEqualTo(2358);
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of("port", "2358", "judge0_port", "2358")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.key()).isEqualTo("judge0_port"))
        .hasMessage(
            "judge0_port must differ from port (both 2358): Judge0's routes are on that port"
                + " already; judge0_port=0 means no second port");
    for (String bad : new String[] {"65536", "-1", "x"}) {
      assertThatThrownBy(
              () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("judge0_port", bad)))
          .as(bad)
          .isInstanceOfSatisfying(
              ConfigException.class, e -> assertThat(e.key()).isEqualTo("judge0_port"));
    }
  }

  @Test
  void acceptsAWholeLimitWrittenWithADecimalPointAndAFractionOfACpu() {
    RunboxConfig c =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            Map.of("limits.max.time_s", "60.0", "limits.default.cpus", "0.5"));
    assertThat(c.limits().maximum().timeSeconds()).isEqualTo(60);
    assertThat(c.limits().defaults().cpus()).isEqualTo(0.5);
  }

  @Test
  void groupsTheValuesByThePartOfRunboxTheyConfigure() {
    RunboxConfig c =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                "max_body_kib",
                "64",
                "pool_images",
                "python, tiny",
                "runtime",
                " runsc ",
                "instance_id",
                "box-1"));
    assertThat(c.server().maxBodyBytes()).isEqualTo(64 * 1024);
    assertThat(c.server().maxBodiesBytes()).isEqualTo(32768 * 1024L);
    assertThat(c.pool().sizeFor("python")).isEqualTo(4);
    assertThat(c.pool().minFor("python")).isEqualTo(1);
    assertThat(c.pool().sizeFor("java")).isZero();
    assertThat(c.docker().runtime()).contains("runsc");
    assertThat(c.docker().instanceId()).isEqualTo("box-1");
    assertThat(c.admission().queueTimeout()).hasSeconds(30);
    assertThat(c.catalog()).hasToString("images");
  }

  @Test
  void refusesAnExposedAddressWithoutTokensAsAConfigurationMistake() {
    RunboxConfig exposed = ConfigLoader.load(Optional.empty(), Map.of(), Map.of("host", "0.0.0.0"));
    assertThatThrownBy(() -> exposed.server().checkExposure())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("refusing to listen on 0.0.0.0 without tokens");
    ConfigLoader.load(Optional.empty(), Map.of(), Map.of("host", "0.0.0.0", "tokens", "t"))
        .server()
        .checkExposure();
  }

  @Test
  void theDataFolderFollowsXdgThenHomeUnlessSet() {
    Map<String, String> xdg = Map.of("XDG_DATA_HOME", "/srv/xdg", "HOME", "/home/ann");
    assertThat(ConfigLoader.load(Optional.empty(), xdg, Map.of()).dataDir())
        .isEqualTo(Path.of("/srv/xdg/runbox"));
    assertThat(ConfigLoader.load(Optional.empty(), Map.of("HOME", "/home/ann"), Map.of()).dataDir())
        .isEqualTo(Path.of("/home/ann/.local/share/runbox"));
    // a relative XDG_DATA_HOME is invalid by the XDG rule and ignored
    Map<String, String> relative = Map.of("XDG_DATA_HOME", "xdg", "HOME", "/home/ann");
    assertThat(ConfigLoader.load(Optional.empty(), relative, Map.of()).dataDir())
        .isEqualTo(Path.of("/home/ann/.local/share/runbox"));
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).dataDir())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".local/share/runbox"));
    assertThat(
            ConfigLoader.load(Optional.empty(), xdg, Map.of("data_dir", "/var/lib/runbox/"))
                .dataDir())
        .isEqualTo(Path.of("/var/lib/runbox"));
    assertThat(
            ConfigLoader.load(Optional.empty(), Map.of("RUNBOX_DATA_DIR", "data"), Map.of())
                .dataDir())
        .isEqualTo(Path.of("data").toAbsolutePath());
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("data_dir", "a\0b")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.key()).isEqualTo("data_dir"))
        .hasMessageContaining("data_dir");
  }

  @Test
  void jobsAreOnByDefaultInTheDataFolderAndOffWhenAsked() {
    Map<String, String> data = Map.of("data_dir", "/srv/runbox");
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), data).jobs().url())
        .contains("sqlite:/srv/runbox/jobs.db");
    Map<String, String> off = Map.of("data_dir", "/srv/runbox", "jobs_url", "off");
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), off).jobs().url()).isEmpty();
    assertThat(
            ConfigLoader.load(Optional.empty(), Map.of("RUNBOX_JOBS_URL", " OFF "), Map.of())
                .jobs()
                .url())
        .isEmpty();
    Map<String, String> pg = Map.of("jobs_url", "postgresql://runbox@db:5432/jobs");
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), pg).jobs().url())
        .contains("postgresql://runbox@db:5432/jobs");
  }

  @Test
  void rejectsUnknownKeys() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("prot", "1")))
        .hasMessageContaining("unknown configuration key(s): [prot]")
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("prot"));
  }
}
