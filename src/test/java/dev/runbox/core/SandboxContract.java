package dev.runbox.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.FakeSandbox.Program;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Sandbox} promises, whatever isolates the run: the command's streams and exit
 * status come back, its stdin reaches it, the files it was given and the files it made come back, a
 * time-out and an output flood are values of the result. A subclass supplies the sandbox and turns
 * each {@link Program} into a command that behaves so under it.
 */
public abstract class SandboxContract {
  /** Ten seconds, and 1 KiB kept per output stream. */
  protected static final Limits LIMITS = new Limits(10, 128, 1.0, 64, 16, 1, 256);

  protected abstract Sandbox sandbox();

  /** The image the jobs run in. */
  protected abstract String imageRef();

  /** A command that behaves as {@code program} says when this sandbox runs it. */
  protected abstract String command(Program program);

  @Test
  public void returnsTheCommandsOutputStreamsAndExitStatus() {
    SandboxResult r =
        run(
            Program.prints("hello\n").andPrintsToStderr("oops\n").exitsWith(3),
            LIMITS,
            new byte[0]);

    assertThat(r.stdout().text()).isEqualTo("hello\n");
    assertThat(r.stderr().text()).isEqualTo("oops\n");
    assertThat(r.exitStatus()).isEqualTo(3);
    assertThat(r.timedOut()).isFalse();
    assertThat(r.oomKilled()).isFalse();
    assertThat(r.stdout().truncated()).isFalse();
  }

  @Test
  public void passesTheStdinToTheCommand() {
    SandboxResult r =
        run(
            Program.prints("got: ").andEchoesStdin(),
            LIMITS,
            "from stdin\n".getBytes(StandardCharsets.UTF_8));

    assertThat(r.stdout().text()).isEqualTo("got: from stdin\n");
    assertThat(r.exitStatus()).isZero();
  }

  @Test
  public void returnsTheFilesItWasGivenAndTheFilesTheCommandMade() {
    SandboxFile kept =
        new SandboxFile("keep.txt", "keep\n".getBytes(StandardCharsets.UTF_8), false);
    SandboxJob job =
        job(
            Program.prints("").andCreates("made.txt", "new\n").andCreates("sub/deep.txt", "deep\n"),
            LIMITS,
            new byte[0],
            new FileSet(List.of(kept)));

    SandboxResult r = sandbox().run(job);

    assertThat(r.files())
        .extracting(HarvestedFile::path)
        .containsExactlyInAnyOrder("keep.txt", "made.txt", "sub/deep.txt");
    assertThat(r.filesComplete()).isTrue();
    FileChanges changes = FileChanges.between(job.files(), r.files(), r.filesComplete());
    assertThat(changes.created()).containsOnlyKeys("made.txt", "sub/deep.txt");
    assertThat(changes.created().get("made.txt").text()).isEqualTo("new\n");
    assertThat(changes.changed()).isEmpty();
    assertThat(changes.deleted()).isEmpty();
  }

  @Test
  public void reportsARunPastItsTimeLimitAsATimeOutWithTheOutputSoFar() {
    Limits twoSeconds = new Limits(2, 128, 1.0, 64, 16, 1, 256);

    SandboxResult r =
        run(
            Program.prints("started\n").andRunsFor(Duration.ofSeconds(30)),
            twoSeconds,
            new byte[0]);

    assertThat(r.timedOut()).isTrue();
    assertThat(r.timeout()).isNotEqualTo(Timeout.NONE);
    assertThat(r.stdout().text()).isEqualTo("started\n");
    assertThat(r.usage().wallMs())
        .isGreaterThanOrEqualTo(twoSeconds.time().toMillis())
        .isLessThan(Duration.ofSeconds(30).toMillis());
  }

  @Test
  public void keepsEachOutputStreamToTheOutputLimitAndSaysItWasCut() {
    String flood = "x".repeat(5000);

    SandboxResult r = run(Program.prints(flood).andPrintsToStderr(flood), LIMITS, new byte[0]);

    assertThat(r.stdout().size()).isEqualTo(LIMITS.outputBytes());
    assertThat(r.stdout().truncated()).isTrue();
    assertThat(r.stderr().size()).isEqualTo(LIMITS.outputBytes());
    assertThat(r.stderr().truncated()).isTrue();
    assertThat(r.exitStatus()).isZero();
    assertThat(r.timedOut()).isFalse();
  }

  @Test
  public void givesTheCommandItsVariablesAndHomeFilesAndNeverTakesTheHomeFilesBack() {
    String value = "it's $HOME; `echo no`\nsecond line";
    RunEnvironment environment =
        new RunEnvironment(
            Map.of("GREETING", value),
            new FileSet(
                List.of(
                    new SandboxFile(
                        "helpers.sh", "helper\n".getBytes(StandardCharsets.UTF_8), false))));
    SandboxJob job =
        new SandboxJob(
            UUID.randomUUID().toString(),
            imageRef(),
            new FileSet(List.of()),
            command(
                Program.prints("")
                    .andPrintsVariable("GREETING")
                    .andPrintsVariable("UNSET_HERE")
                    .andPrintsHomeFile("helpers.sh")),
            new byte[0],
            LIMITS,
            environment);

    SandboxResult r = sandbox().run(job);

    assertThat(r.stdout().text()).isEqualTo(value + "\n\nhelper\n");
    assertThat(r.exitStatus()).isZero();
    assertThat(r.files()).as("home files are not in /sandbox").isEmpty();
  }

  private SandboxResult run(Program program, Limits limits, byte[] stdin) {
    return sandbox().run(job(program, limits, stdin, new FileSet(List.of())));
  }

  private SandboxJob job(Program program, Limits limits, byte[] stdin, FileSet files) {
    return new SandboxJob(
        UUID.randomUUID().toString(), imageRef(), files, command(program), stdin, limits);
  }
}
