package dev.runbox.sandbox.docker;

import dev.runbox.core.FakeSandbox.Program;
import dev.runbox.core.Sandbox;
import dev.runbox.core.SandboxContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The Docker sandbox against the real engine keeps the promises of every sandbox; no container is
 * left.
 */
class DockerSandboxContractIT extends SandboxContract {
  private final DockerFixture docker = new DockerFixture();

  @AfterEach
  void nothingIsLeft() {
    docker.close();
  }

  @Override
  protected Sandbox sandbox() {
    return docker.sandbox;
  }

  @Override
  protected String imageRef() {
    return DockerFixture.TINY;
  }

  /**
   * The program as a shell command: what it prints, echoes (stdin, variables, home files), writes,
   * how long it sleeps and its status.
   */
  @Override
  protected String command(Program p) {
    StringBuilder sh = new StringBuilder("printf '%s' ").append(quoted(p.stdout()));
    if (p.echoesStdin()) {
      sh.append("; cat");
    }
    p.printsVariables().forEach(name -> sh.append("; printf '%s\\n' \"$").append(name).append('"'));
    p.printsHomeFiles().forEach(path -> sh.append("; cat \"$HOME\"/").append(quoted(path)));
    sh.append("; printf '%s' ").append(quoted(p.stderr())).append(" >&2");
    p.creates()
        .forEach(
            (path, text) -> {
              int slash = path.lastIndexOf('/');
              if (slash > 0) {
                sh.append("; mkdir -p ").append(quoted(path.substring(0, slash)));
              }
              sh.append("; printf '%s' ").append(quoted(text)).append(" > ").append(quoted(path));
            });
    if (!p.runsFor().isZero()) {
      sh.append("; sleep ").append(p.runsFor().toSeconds());
    }
    return sh.append("; exit ").append(p.exitStatus()).toString();
  }

  private static String quoted(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
