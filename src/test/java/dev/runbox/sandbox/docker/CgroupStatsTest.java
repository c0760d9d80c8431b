package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CgroupStatsTest {
  @Test
  void readsCgroupV1Counters() {
    CgroupStats s =
        CgroupStats.parse(
            "## leftovers\n2\n## /sys/fs/cgroup/memory/memory.max_usage_in_bytes\n4304896\n"
                + "## /sys/fs/cgroup/cpuacct/cpuacct.usage\n118681139\n## /sys/fs/cgroup/memory/memory.oom_control\n"
                + "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
    assertThat(s).isEqualTo(new CgroupStats(118, 4304896, 1, 2));
  }

  @Test
  void readsCgroupV2Counters() {
    CgroupStats s =
        CgroupStats.parse(
            "## /sys/fs/cgroup/memory.peak\n1000\n## /sys/fs/cgroup/cpu.stat\nusage_usec 5000\nuser_usec 1\n"
                + "## /sys/fs/cgroup/memory.events\nlow 0\noom 1\noom_kill 3\n");
    assertThat(s).isEqualTo(new CgroupStats(5, 1000, 3, 0));
  }

  @Test
  void missingCountersAreUnknown() {
    assertThat(CgroupStats.parse("")).isEqualTo(new CgroupStats(-1, -1, 0, 0));
  }
}
