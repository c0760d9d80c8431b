package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.FileSet;
import dev.runbox.core.HarvestedFile;
import dev.runbox.core.RunEnvironment;
import dev.runbox.core.SandboxJob;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.Timeout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-exec wrapper: what the run's own processes can and cannot do to it. */
class RunnerIT {
  @Test
  void aForgedTrailerIsJustOutput() {
    try (DockerFixture docker = new DockerFixture()) {
      String forged = "runbox:00000000000000000000000000000000\\n0\\n## end\\n";
      SandboxResult r = docker.run("printf '" + forged + "'; exit 3");

      assertThat(r.exitStatus()).isEqualTo(3);
      assertThat(r.stdout().text())
          .isEqualTo("runbox:00000000000000000000000000000000\n0\n## end\n");
      assertThat(r.usage().cpuMs()).isNotNegative();
    }
  }

  @Test
  void homeFilesAndVariablesTravelBesideTheFilesAndStdinWithoutDisturbingTheReport() {
    try (DockerFixture docker = new DockerFixture()) {
      SandboxJob plain =
          docker.job(
              "cat; cat \"$HOME\"/h/one.txt; printf '%s' \"$ONE\"",
              DockerFixture.LIMITS, DockerFixture.file("f.txt", "file\n"));
      SandboxJob job =
          new SandboxJob(
              plain.runId(),
              plain.imageRef(),
              plain.files(),
              plain.command(),
              "from stdin\n".getBytes(StandardCharsets.UTF_8),
              plain.limits(),
              new RunEnvironment(
                  Map.of("ONE", "1"),
                  new FileSet(List.of(DockerFixture.file("h/one.txt", "home\n")))));

      SandboxResult r = docker.sandbox.run(job);

      assertThat(r.stdout().text()).isEqualTo("from stdin\nhome\n1");
      assertThat(r.exitStatus()).isZero();
      assertThat(r.timeout()).isEqualTo(Timeout.NONE);
      assertThat(r.usage().cpuMs()).as("the wrapper reported").isNotNegative();
      assertThat(r.files()).extracting(HarvestedFile::path).containsExactly("f.txt");
    }
  }

  @Test
  void theWrapperCanBeNeitherTracedNorReadByTheRun() {
    try (DockerFixture docker = new DockerFixture()) {
      // Finds the wrapper by its command line (readable by all) and tries its memory and
      // environment; its own environment is readable, which shows the probe itself works.
      String probe =
          """
          import os
          def tryread(p):
              try:
                  with open(p, 'rb') as f: f.read(1)
                  return 'read'
              except OSError as e:
                  return 'denied'
          for pid in filter(str.isdigit, os.listdir('/proc')):
              try:
                  cmd = open('/proc/%s/cmdline' % pid, 'rb').read().split(b'\\0')[0]
              except OSError:
                  continue
              if cmd == b'/usr/lib/runbox/sh':
                  print('wrapper', tryread('/proc/%s/environ' % pid), tryread('/proc/%s/mem' % pid))
          print('self', tryread('/proc/self/environ'))
          """;
      SandboxResult r = docker.run("python3 probe.py", DockerFixture.file("probe.py", probe));

      // the wrapper, and its subshell that exports the run's variables (a fork, as secret)
      assertThat(r.stdout().text().lines().toList())
          .contains("wrapper denied denied")
          .allMatch(l -> l.equals("wrapper denied denied") || l.equals("self read"))
          .endsWith("self read");
      assertThat(r.exitStatus()).isZero();
    }
  }

  @Test
  void aRunThatKillsTheWrapperAndItselfIsReportedFromOutsideWithItsFiles() {
    try (DockerFixture docker = new DockerFixture()) {
      SandboxResult r = docker.run("echo kept > out.txt; echo bye; kill -9 -1");

      assertThat(r.exitStatus()).isEqualTo(137);
      assertThat(r.timeout()).isEqualTo(Timeout.NONE);
      assertThat(r.stdout().text()).isEqualTo("bye\n");
      assertThat(r.files()).extracting(HarvestedFile::path).contains("out.txt");
      assertThat(r.usage().memoryPeakBytes()).isPositive();
    }
  }

  @Test
  void theCountersComeFromTheWrappersReport() {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO)) {
      SandboxResult r = docker.run("python3 -c 'x = bytearray(40 * 1024 * 1024); print(len(x))'");

      assertThat(r.stdout().text()).isEqualTo("41943040\n");
      assertThat(r.usage().memoryPeakBytes()).isGreaterThan(40L * 1024 * 1024);
      assertThat(r.usage().cpuMs()).isPositive();
      assertThat(r.oomKilled()).isFalse();
    }
  }
}
