package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import dev.runbox.core.Limits;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerSpecTest {
  private static final Limits LIMITS = new Limits(10, 128, 1.5, 64, 32, 50, 256);
  private static final DockerSandboxSettings SETTINGS =
      DockerFixture.settings(
          "test-instance", Duration.ofSeconds(5), Duration.ZERO, Optional.empty());
  private final ContainerSpec spec =
      ContainerSpec.of(
          "runbox/tiny:latest",
          LIMITS,
          SETTINGS,
          Labels.forRun(
              "test-instance", "run-1", Instant.ofEpochSecond(1000), new Labels.Owner(42, "host")));
  private final HostConfig host = spec.hostConfig();

  @Test
  void hasNoNetwork() {
    assertThat(host.getNetworkMode()).isEqualTo("none");
  }

  @Test
  void dropsEveryCapabilityForbidsNewPrivilegesAndIsNeverPrivileged() {
    assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
    assertThat(host.getCapAdd()).isNull();
    assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
    assertThat(host.getPrivileged()).isFalse();
  }

  @Test
  void keepsTheDefaultSeccompProfileAndAPrivateIpcNamespace() {
    assertThat(host.getSecurityOpts()).noneMatch(o -> o.startsWith("seccomp"));
    assertThat(host.getIpcMode()).isEqualTo("private");
    assertThat(host.getPidMode()).isNull();
  }

  @Test
  void runsAnInitAndIdlesAsANonRootUserOtherThanTheRuns() {
    assertThat(host.getInit()).isTrue();
    assertThat(host.getLogConfig().getType())
        .isEqualTo(com.github.dockerjava.api.model.LogConfig.LoggingType.NONE);
    assertThat(spec.user()).isEqualTo("10002:10002");
    assertThat(spec.cmd()).containsExactly("sleep", "infinity");
  }

  @Test
  void aWaitingContainerRunsTheWrapperAsItsFirstProcessAsTheRunsUserOnItsOwnStdin() {
    ContainerSpec waiting =
        ContainerSpec.waiting(
            "runbox/tiny:latest",
            LIMITS,
            SETTINGS,
            Labels.forRun(
                "test-instance",
                "run-1",
                Instant.ofEpochSecond(1000),
                new Labels.Owner(42, "host")));

    assertThat(waiting.cmd()).isEqualTo(Wrapper.init());
    assertThat(waiting.cmd().get(0)).isEqualTo(Wrapper.RUNNER_SHELL);
    assertThat(waiting.cmd().get(2)).isSameAs(Wrapper.SCRIPT);
    assertThat(waiting.user()).isEqualTo(SETTINGS.runUser());
    assertThat(waiting.stdin()).isTrue();
    assertThat(spec.stdin()).isFalse();
    // no engine init: the wrapper's shell is PID 1, which no signal from inside reaches
    assertThat(waiting.hostConfig().getInit()).isFalse();
    HostConfig w = waiting.hostConfig();
    assertThat(w.getNetworkMode()).isEqualTo("none");
    assertThat(w.getCapDrop()).containsExactly(Capability.ALL);
    assertThat(w.getSecurityOpts()).containsExactly("no-new-privileges");
    assertThat(w.getPrivileged()).isFalse();
    assertThat(w.getReadonlyRootfs()).isTrue();
    assertThat(w.getTmpFs()).isEqualTo(host.getTmpFs());
    assertThat(w.getMemory()).isEqualTo(host.getMemory());
    assertThat(w.getMemorySwap()).isEqualTo(host.getMemorySwap());
    assertThat(w.getNanoCPUs()).isEqualTo(host.getNanoCPUs());
    assertThat(w.getPidsLimit()).isEqualTo(host.getPidsLimit());
    assertThat(w.getUlimits()).isEqualTo(host.getUlimits());
    assertThat(w.getIpcMode()).isEqualTo("private");
    assertThat(waiting.labels()).isEqualTo(spec.labels());
  }

  @Test
  void hasAReadOnlyRootAndSizeLimitedNosuidTmpfsOwnedByTheRunsUser() {
    assertThat(host.getReadonlyRootfs()).isTrue();
    assertThat(host.getTmpFs()).containsOnlyKeys("/sandbox", "/tmp");
    assertThat(host.getTmpFs().get("/sandbox"))
        .contains(
            "nosuid",
            "nodev",
            "size=" + 32 * 1024 * 1024,
            "nr_inodes=16384",
            "uid=10001",
            "gid=10001");
    assertThat(host.getTmpFs().get("/tmp"))
        .contains("nosuid", "size=" + 32 * 1024 * 1024, "mode=1777");
    assertThat(host.getBinds()).isNullOrEmpty();
    assertThat(host.getMounts()).isNull();
  }

  @Test
  void limitsMemoryWithoutSwapCpusAndProcesses() {
    assertThat(host.getMemory()).isEqualTo(128L * 1024 * 1024);
    assertThat(host.getMemorySwap()).isEqualTo(host.getMemory());
    assertThat(host.getNanoCPUs()).isEqualTo(1_500_000_000L);
    assertThat(host.getPidsLimit()).isEqualTo(64L);
  }

  @Test
  void setsUlimitsForOpenFilesCoreSizeAndFileSize() {
    assertThat(host.getUlimits())
        .extracting(Ulimit::getName, Ulimit::getSoftLong, Ulimit::getHardLong)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("nofile", 256L, 256L),
            org.assertj.core.groups.Tuple.tuple("core", 0L, 0L),
            org.assertj.core.groups.Tuple.tuple("fsize", 33L * 1024 * 1024, 33L * 1024 * 1024));
  }

  @Test
  void carriesTheRunboxLabelsTheReaperNeeds() {
    assertThat(spec.labels())
        .containsEntry("runbox", "1")
        .containsEntry("runbox.instance", "test-instance")
        .containsEntry("runbox.run", "run-1")
        .containsEntry("runbox.deadline", "1000")
        .containsEntry("runbox.owner-pid", "42")
        .containsEntry("runbox.owner-host", "host");
  }

  @Test
  void usesAConfiguredRuntimeOnlyWhenAsked() {
    assertThat(host.getRuntime()).isNull();
    HostConfig gvisor = ContainerSpec.hostConfig(LIMITS, under("runsc"));
    assertThat(gvisor.getRuntime()).isEqualTo("runsc");
  }

  @Test
  void underGvisorGivesTheHostPidsCgroupRoomForTheRuntimeAndHoldsTheProgramWithNproc() {
    HostConfig gvisor = ContainerSpec.hostConfig(LIMITS, under("runsc"));

    assertThat(gvisor.getPidsLimit()).isEqualTo(256L + 8 * 64);
    assertThat(gvisor.getUlimits())
        .extracting(Ulimit::getName, Ulimit::getSoftLong, Ulimit::getHardLong)
        .contains(org.assertj.core.groups.Tuple.tuple("nproc", 64L, 64L));
    assertThat(gvisor.getMemory()).isEqualTo(host.getMemory());
    assertThat(gvisor.getReadonlyRootfs()).isTrue();
    assertThat(gvisor.getCapDrop()).containsExactly(Capability.ALL);
  }

  @Test
  void neverSetsNprocUnderRuncWhereItWouldCountTheUidAcrossContainers() {
    assertThat(host.getUlimits()).extracting(Ulimit::getName).doesNotContain("nproc");
    assertThat(ContainerSpec.hostConfig(LIMITS, under("runc")).getPidsLimit()).isEqualTo(64L);
  }

  @Test
  void refusesRootOrSharedUids() {
    assertThatThrownBy(
            () ->
                new DockerSandboxSettings(
                    0,
                    10002,
                    SETTINGS.outerGrace(),
                    SETTINGS.innerAllowance(),
                    "i",
                    java.util.Optional.empty(),
                    10,
                    100))
        .hasMessageContaining("root");
    assertThatThrownBy(
            () ->
                new DockerSandboxSettings(
                    10001,
                    10001,
                    SETTINGS.outerGrace(),
                    SETTINGS.innerAllowance(),
                    "i",
                    java.util.Optional.empty(),
                    10,
                    100))
        .hasMessageContaining("differ");
  }

  @Test
  void theScriptsTakeUserInputOnlyAsDataNeverInTheirText() {
    assertThat(Wrapper.SCRIPT).contains("\"$2\"");
    // no Java format template: a %s is only ever in the format of the shell's own printf
    assertThat(Wrapper.SCRIPT.lines().filter(l -> l.contains("%s")))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l.strip()).startsWith("printf '"));
    assertThat(
            Map.of(
                "run",
                Wrapper.report(Wrapper.RUNNER_SHELL),
                "harvest",
                Wrapper.outside(),
                "init",
                Wrapper.init()))
        .allSatisfy((k, v) -> assertThat(v.get(2)).isSameAs(Wrapper.SCRIPT).contains("kill -9 -1"));
  }

  private static DockerSandboxSettings under(String runtime) {
    return DockerFixture.settings(
        "test-instance", Duration.ofSeconds(5), Duration.ZERO, Optional.of(runtime));
  }
}
