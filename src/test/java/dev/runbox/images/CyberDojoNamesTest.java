package dev.runbox.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CyberDojoNamesTest {
  private static final String DIGEST = "@sha256:" + "0123456789abcdef".repeat(4);

  @Test
  void readsTheBareNameUnderEitherPrefixWithAnyTagOrDigest() {
    for (String name :
        List.of(
            "ghcr.io/cyber-dojo-languages/python_pytest",
            "ghcr.io/cyber-dojo-languages/python_pytest:4833cf7",
            "ghcr.io/cyber-dojo-languages/python_pytest" + DIGEST,
            "ghcr.io/cyber-dojo-languages/python_pytest:4833cf7" + DIGEST,
            "cyberdojofoundation/python_pytest",
            "cyberdojofoundation/python_pytest:b8333d3",
            "cyberdojofoundation/python_pytest" + DIGEST,
            " cyberdojofoundation/python_pytest:latest ")) {
      assertThat(CyberDojoNames.requested(name)).as(name).contains("python_pytest");
    }
  }

  @Test
  void knowsNoNameOutsideThePrefixesOrNotShapedLikeAnImageName() {
    for (String name :
        List.of(
            "python_pytest",
            "python_pytest:4833cf7",
            "docker.io/cyberdojofoundation/python_pytest",
            "ghcr.io/cyber-dojo-languages/",
            "ghcr.io/cyber-dojo-languages/a/b",
            "ghcr.io/cyber-dojo-languages/Python_Pytest",
            "ghcr.io/cyber-dojo-languages/../python_pytest",
            "ghcr.io/someone/python_pytest",
            "localhost:5000/python_pytest")) {
      assertThat(CyberDojoNames.requested(name)).as(name).isEmpty();
    }
  }

  @Test
  void readsAManifestsAliasBareOrUnderAPrefix() {
    assertThat(CyberDojoNames.bare("bash_bats")).contains("bash_bats");
    assertThat(CyberDojoNames.bare("cyberdojofoundation/bash_bats")).contains("bash_bats");
    assertThat(CyberDojoNames.bare("ghcr.io/cyber-dojo-languages/bash_bats:1"))
        .contains("bash_bats");
    assertThat(CyberDojoNames.bare("elsewhere/bash_bats")).isEmpty();
  }

  @Test
  void untagsImageNamesButKeepsARegistryPort() {
    assertThat(CyberDojoNames.untagged("cyberdojofoundation/python_pytest:b8333d3"))
        .isEqualTo("cyberdojofoundation/python_pytest");
    assertThat(CyberDojoNames.untagged("cyberdojofoundation/python_pytest@sha256:abc"))
        .isEqualTo("cyberdojofoundation/python_pytest");
    assertThat(CyberDojoNames.untagged("localhost:5000/python_pytest"))
        .isEqualTo("localhost:5000/python_pytest");
  }
}
