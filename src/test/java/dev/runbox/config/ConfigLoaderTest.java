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
  @TempDir
  Path dir;

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
    RunboxConfig c = ConfigLoader.load(Optional.of(f), Map.of("RUNBOX_PORT", "6000", "RUNBOX_MAX_RUNNING", "5"), Map.of("port", "7000"));
    assertThat(c.server().port()).isEqualTo(7000);
    assertThat(c.admission().maxRunning()).isEqualTo(5);
    assertThat(c.limits().maximum().timeSeconds()).isEqualTo(60);
  }

  @Test
  void rejectsBadValuesNamingTheKey() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("port", "http"))).hasMessageContaining("port must be a whole number");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("port", "70000"))).hasMessageContaining("port must be between 0 and 65535");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("run_uid", "0"))).hasMessageContaining("run_uid");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("allow_anonymous", "yes"))).hasMessageContaining("allow_anonymous must be true or false");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("docker_host", "http://x"))).hasMessageContaining("docker_host");
  }

  @Test
  void rejectsADefaultAboveItsMaximumInsteadOfClampingIt() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("limits.default.memory_mib", "8192")))
        .hasMessageContaining("memory_mib 8192 is above the maximum 4096");
  }

  @Test
  void rejectsUnknownKeys() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("prot", "1"))).hasMessageContaining("unknown configuration key(s): [prot]");
  }
}
