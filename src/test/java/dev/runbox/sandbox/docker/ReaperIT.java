package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import dev.runbox.core.RunObserver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReaperIT {
  @TempDir Path dir;

  @Test
  void aNewInstanceReapsTheContainerOfAServiceKilledWithSigkill() throws Exception {
    Files.writeString(dir.resolve("hello.sh"), "echo hi\n");
    String catalog = System.getProperty("runbox.catalog", "images");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.runbox.app.Main",
                "--set",
                "catalog=" + catalog,
                "run",
                "--image",
                "tiny",
                "--time",
                "60",
                "--command",
                "sleep 100",
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String containerId = awaitContainerId(child);

    child.destroyForcibly().waitFor();
    try (DockerFixture docker = new DockerFixture()) {
      assertThat(labelled(docker, containerId))
          .as("the killed service left its container")
          .hasSize(1);
      AtomicInteger reaped = new AtomicInteger();

      int removed = new Reaper(docker.engine, Clock.systemUTC(), counting(reaped)).reapOnce();

      assertThat(removed).isGreaterThanOrEqualTo(1);
      assertThat(reaped.get()).isEqualTo(removed);
      assertThat(labelled(docker, containerId)).isEmpty();
    }
  }

  @Test
  void aContainerPastItsDeadlineIsAnOrphanAndALiveOwnersIsNot() {
    try (DockerFixture docker = new DockerFixture()) {
      Reaper reaper = new Reaper(docker.engine, Clock.systemUTC(), RunObserver.NONE);
      Labels.Owner me = Labels.Owner.current();
      long future = Clock.systemUTC().instant().getEpochSecond() + 600;

      assertThat(
              reaper.orphanReason(
                  Map.of(
                      Labels.DEADLINE, "1", Labels.OWNER_PID, "1", Labels.OWNER_HOST, me.host())))
          .contains("deadline");
      assertThat(
              reaper.orphanReason(
                  Map.of(
                      Labels.DEADLINE,
                      "" + future,
                      Labels.OWNER_PID,
                      "" + me.pid(),
                      Labels.OWNER_HOST,
                      me.host())))
          .isEmpty();
      assertThat(reaper.orphanReason(Map.of())).contains("labels");
    }
  }

  private static RunObserver counting(AtomicInteger reaped) {
    return new RunObserver() {
      @Override
      public void reaped(int n) {
        reaped.addAndGet(n);
      }
    };
  }

  private static String awaitContainerId(Process child) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      int at = line.indexOf("started in container ");
      if (at >= 0) {
        return line.substring(at + "started in container ".length()).trim();
      }
    }
    throw new AssertionError("the child ended without starting a container");
  }

  private static List<Container> labelled(DockerFixture docker, String id) {
    return docker
        .engine
        .control()
        .listContainersCmd()
        .withShowAll(true)
        .withIdFilter(List.of(id))
        .exec();
  }
}
