package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.CreateContainerCmd;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a pool round removes of the instance's containers that do not run. */
class ContainersIT {

  @Test
  void aContainerNeverStartedIsRemovedOnceItsStartCannotBeUnderWayEvenWhileItsLabelIsInUse() {
    try (DockerFixture docker = new DockerFixture();
        Containers containers = new Containers(docker.engine)) {
      String run = "held-" + UUID.randomUUID();
      String id = createOnly(docker, run);
      try {
        Instant created = Instant.now();

        containers.removeStopped(docker.instanceId, label -> true, created);
        assertThat(docker.containerIds()).as("just created, its label in use").containsExactly(id);

        containers.removeStopped(docker.instanceId, label -> false, created);
        assertThat(docker.containerIds()).as("just created, its label free").isEmpty();

        String held = createOnly(docker, run);
        containers.removeStopped(
            docker.instanceId, label -> true, created.plus(Engine.NEVER_STARTED).plusSeconds(5));
        assertThat(docker.containerIds()).as("never started, its label still in use").isEmpty();
        containers.removeNow(held, "test container");
      } finally {
        containers.removeNow(id, "test container");
      }
    }
  }

  /** A container of the fixture's instance, created and never started. */
  private static String createOnly(DockerFixture docker, String run) {
    ContainerSpec spec =
        ContainerSpec.of(
            DockerFixture.TINY,
            DockerFixture.LIMITS,
            docker.settings,
            Labels.forRun(
                docker.instanceId, run, Instant.now().plusSeconds(300), Labels.Owner.current()));
    try (CreateContainerCmd create = docker.engine.control().createContainerCmd(spec.image())) {
      spec.applyTo(create, "runbox-" + run + "-" + UUID.randomUUID());
      return create.exec().getId();
    }
  }
}
