import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Limits;
import dev.runbox.core.Sandbox;
import dev.runbox.core.SandboxJob;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.SandboxSession;
import dev.runbox.core.SandboxUnavailableException;
import dev.runbox.core.Timeout;
import dev.runbox.core.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A sandbox that runs nothing: every run is a timed wait of {@link #TAKES} (no CPU) and the same
 * successful result, so that what a node costs besides its sandboxes can be measured. Only the
 * benchmark builds it; the service's configuration cannot reach it.
 */
final class StandInSandbox implements Sandbox {
  static final Duration TAKES = Duration.ofMillis(200);

  @Override
  public SandboxResult run(SandboxJob job) {
    try {
      Thread.sleep(TAKES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxUnavailableException(job.runId(), "", "stand-in interrupted", e);
    }
    return new SandboxResult(
        new CapturedBytes("ok\n".getBytes(StandardCharsets.UTF_8), false),
        CapturedBytes.empty(),
        0,
        Timeout.NONE,
        false,
        List.of(),
        true,
        new Usage(TAKES.toMillis(), 0, 0));
  }

  @Override
  public SandboxSession open(String sessionId, String imageRef, Limits limits, Duration lifetime) {
    throw new SandboxUnavailableException(
        sessionId, "", "the stand-in sandbox runs no sessions (no judge)", null);
  }

  @Override
  public void cancel(String runId) {
    // Nothing runs long enough to be worth stopping: a run ends within TAKES.
  }
}
