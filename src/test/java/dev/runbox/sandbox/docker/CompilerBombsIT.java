package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.Command;
import dev.runbox.core.FileSet;
import dev.runbox.core.Limit;
import dev.runbox.core.Outcome;
import dev.runbox.core.RunRequest;
import dev.runbox.core.RunResult;
import dev.runbox.core.RunService;
import dev.runbox.core.SandboxFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A program that keeps its compiler busy forever is stopped by the time limit, for every compiled
 * language.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompilerBombsIT {
  private final DockerFixture docker = new DockerFixture();
  private final RunService runs = CatalogSamplesIT.oneShotRuns(docker);

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"c", "cpp", "java", "go", "rust"})
  void aCompilerBombIsStoppedByTheTimeLimit(String image) throws IOException {
    long t0 = System.nanoTime();

    RunResult r =
        runs.run(
            new RunRequest(
                image,
                bomb(image),
                new Command.ImageDefault(),
                new byte[0],
                Map.of(Limit.TIME_S, 5.0)));

    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.outcome())
        .as("%s: exit %d, stderr %s", image, r.exitStatus(), r.stderr().text())
        .isEqualTo(Outcome.TIMED_OUT);
    assertThat(r.timedOut()).isTrue();
    assertThat(r.oomKilled()).isFalse();
    assertThat(ms)
        .as("limit, kill-after, grace and set-up")
        .isLessThan(5_000 + 1_000 + 2_000 + 15_000);
  }

  private static FileSet bomb(String image) throws IOException {
    Path dir = Path.of("src/test/resources/hostile/compile", image);
    List<SandboxFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        files.add(new SandboxFile(dir.relativize(p).toString(), Files.readAllBytes(p), false));
      }
    }
    return new FileSet(files);
  }

  @AfterAll
  void nothingIsLeft() {
    docker.close();
  }
}
