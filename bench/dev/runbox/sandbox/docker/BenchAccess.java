package dev.runbox.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import dev.runbox.core.Limits;
import java.util.Map;

/**
 * The benchmark's window into the Docker sandbox. It is compiled beside runbox.jar (never into it)
 * and shares this package so that the engine floors the benchmark measures are made by runbox's own
 * {@link ContainerSpec}: the same flags, user, command and environment as a sandbox container.
 */
public final class BenchAccess {
  private BenchAccess() {}

  /** Creates (not starts) a container exactly as the sandbox would, under the given labels. */
  public static String createSandboxContainer(
      Engine engine,
      String image,
      Limits limits,
      DockerSandboxSettings settings,
      Map<String, String> labels,
      String name) {
    try (CreateContainerCmd create = engine.control().createContainerCmd(image)) {
      ContainerSpec.of(image, limits, settings, labels).applyTo(create, name);
      return create.exec().getId();
    }
  }

  /** The user the sandbox runs a command as. */
  public static String runUser(DockerSandboxSettings settings) {
    return settings.runUser();
  }

  /** The sandbox's working directory inside the container. */
  public static String sandboxDir() {
    return ContainerSpec.SANDBOX;
  }

  public static DockerClient control(Engine engine) {
    return engine.control();
  }

  public static DockerClient streams(Engine engine) {
    return engine.streams();
  }
}
