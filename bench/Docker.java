import java.util.List;
import java.util.concurrent.TimeUnit;

/** Plain {@code docker run} through the CLI, as a user would compare with. */
final class Docker {
  private Docker() {}

  static List<String> trivial() {
    return List.of(
        "docker",
        "run",
        "--rm",
        "--network",
        "none",
        "runbox/python:latest",
        "python3",
        "-c",
        "print(1)");
  }

  /** Runs the argv; milliseconds until it exited 0. */
  static long run(List<String> argv) throws Exception {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("docker run failed: " + new String(out));
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
