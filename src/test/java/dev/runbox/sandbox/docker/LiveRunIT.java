package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.Limits;
import dev.runbox.core.Live;
import dev.runbox.core.LiveInput;
import dev.runbox.core.LiveOutput;
import dev.runbox.core.SandboxResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Live runs against the real engine: output as the program prints it, stdin and signals written
 * while it runs, the output cap on what is streamed; in a warm container (the wrapper as its first
 * process) and in a cold one.
 */
class LiveRunIT {
  /** Records what a run streams, with the time each chunk came. */
  static final class Recorder implements LiveOutput {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final List<Long> stdoutTimes = new ArrayList<>();
    final List<Stream> cuts = new ArrayList<>();

    @Override
    public synchronized void output(Stream stream, byte[] chunk) {
      if (stream == Stream.STDOUT) {
        out.writeBytes(chunk);
        stdoutTimes.add(System.nanoTime());
        notifyAll();
      } else {
        err.writeBytes(chunk);
      }
    }

    @Override
    public synchronized void cut(Stream stream) {
      cuts.add(stream);
    }

    synchronized String stdout() {
      return out.toString(StandardCharsets.UTF_8);
    }

    /** Waits (bounded) until stdout contains {@code text}. */
    synchronized boolean awaitStdout(String text, Duration timeout) throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      while (!stdout().contains(text)) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  private static final String GUESS =
      """
      import sys
      print('Guess the number', flush=True)
      for line in sys.stdin:
          n = int(line)
          if n == 7:
              print('right', flush=True)
              break
          print('higher' if n < 7 else 'lower', flush=True)
      """;

  private static CompletableFuture<SandboxResult> start(
      DockerFixture docker, String command, Limits limits, Live live, String file, String text) {
    return CompletableFuture.supplyAsync(
        () ->
            docker.sandbox.run(docker.job(command, limits, DockerFixture.file(file, text)), live));
  }

  @Test
  void anInteractiveProgramIsAnsweredLineByLineInAWarmContainer() throws Exception {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO, 1)) {
      assertThat(docker.awaitWarm(DockerFixture.TINY, 1, Duration.ofSeconds(60))).isTrue();
      guess(docker, DockerFixture.LIMITS);
    }
  }

  @Test
  void anInteractiveProgramIsAnsweredLineByLineInAColdContainer() throws Exception {
    try (DockerFixture docker = new DockerFixture()) {
      guess(docker, new Limits(9, 128, 1.0, 64, 16, 50, 256));
    }
  }

  private static void guess(DockerFixture docker, Limits limits) throws Exception {
    Recorder rec = new Recorder();
    LiveInput in = new LiveInput(1024);
    CompletableFuture<SandboxResult> run =
        start(docker, "python3 guess.py", limits, Live.interactive(in, rec), "guess.py", GUESS);
    assertThat(rec.awaitStdout("Guess the number\n", Duration.ofSeconds(30)))
        .as("the prompt arrives while the program waits: %s", rec.stdout())
        .isTrue();
    in.write("3\n".getBytes(StandardCharsets.UTF_8));
    assertThat(rec.awaitStdout("higher\n", Duration.ofSeconds(10))).isTrue();
    in.write("9\n".getBytes(StandardCharsets.UTF_8));
    assertThat(rec.awaitStdout("lower\n", Duration.ofSeconds(10))).isTrue();
    in.write("7\n".getBytes(StandardCharsets.UTF_8));

    SandboxResult r = run.get(30, TimeUnit.SECONDS);

    assertThat(r.exitStatus()).isZero();
    assertThat(r.timeout()).isEqualTo(dev.runbox.core.Timeout.NONE);
    assertThat(r.stdout().text()).isEqualTo("Guess the number\nhigher\nlower\nright\n");
    assertThat(rec.stdout()).isEqualTo(r.stdout().text());
  }

  @Test
  void progressArrivesBeforeTheProgramEnds() throws Exception {
    try (DockerFixture docker = new DockerFixture()) {
      Recorder rec = new Recorder();
      long t0 = System.nanoTime();
      SandboxResult r =
          docker.sandbox.run(
              docker.job("for i in 1 2 3; do echo step $i; sleep 0.5; done", DockerFixture.LIMITS),
              Live.output(rec));
      long end = System.nanoTime();

      assertThat(rec.stdout()).isEqualTo("step 1\nstep 2\nstep 3\n");
      assertThat(rec.stdoutTimes).hasSize(3);
      assertThat(end - rec.stdoutTimes.get(0))
          .as("the first line came a second before the run's end")
          .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(900));
      assertThat(rec.stdoutTimes.get(0)).isGreaterThan(t0);
      assertThat(r.stdout().text()).isEqualTo(rec.stdout());
    }
  }

  @Test
  void aFloodIsStreamedUpToTheCapAndSaysSo() throws Exception {
    try (DockerFixture docker = new DockerFixture()) {
      Recorder rec = new Recorder();
      SandboxResult r =
          docker.sandbox.run(
              docker.job("yes flood | head -c 5000000; echo done >&2", DockerFixture.LIMITS),
              Live.output(rec));

      assertThat(rec.out.size()).isEqualTo(50 * 1024);
      assertThat(rec.cuts).containsExactly(LiveOutput.Stream.STDOUT);
      assertThat(r.stdout().truncated()).isTrue();
      assertThat(rec.err.toString(StandardCharsets.UTF_8)).isEqualTo("done\n");
      assertThat(r.stderr().text()).isEqualTo("done\n");
      assertThat(r.exitStatus()).isZero();
    }
  }

  @Test
  void theEndOfStdinAndSignalsReachTheProgram() throws Exception {
    try (DockerFixture docker = new DockerFixture()) {
      Recorder rec = new Recorder();
      LiveInput in = new LiveInput(1024);
      CompletableFuture<SandboxResult> cat =
          CompletableFuture.supplyAsync(
              () ->
                  docker.sandbox.run(
                      docker.job("cat; echo eof", DockerFixture.LIMITS),
                      Live.interactive(in, rec)));
      in.write("a line\n".getBytes(StandardCharsets.UTF_8));
      assertThat(rec.awaitStdout("a line\n", Duration.ofSeconds(30))).isTrue();
      in.endInput();
      SandboxResult r = cat.get(30, TimeUnit.SECONDS);
      assertThat(r.stdout().text()).isEqualTo("a line\neof\n");
      assertThat(r.exitStatus()).isZero();

      Recorder rec2 = new Recorder();
      LiveInput in2 = new LiveInput(1024);
      CompletableFuture<SandboxResult> loop =
          start(
              docker,
              "python3 loop.py",
              DockerFixture.LIMITS,
              Live.interactive(in2, rec2),
              "loop.py",
              """
              import signal, sys, time
              def stop(n, f):
                  print('got', n, flush=True)
                  sys.exit(3)
              signal.signal(signal.SIGTERM, stop)
              print('ready', flush=True)
              while True:
                  time.sleep(0.05)
              """);
      assertThat(rec2.awaitStdout("ready\n", Duration.ofSeconds(30))).isTrue();
      in2.signal("SIGTERM");
      SandboxResult handled = loop.get(30, TimeUnit.SECONDS);
      assertThat(handled.stdout().text()).isEqualTo("ready\ngot 15\n");
      assertThat(handled.exitStatus()).isEqualTo(3);
      assertThat(handled.timeout()).isEqualTo(dev.runbox.core.Timeout.NONE);

      Recorder rec3 = new Recorder();
      LiveInput in3 = new LiveInput(1024);
      CompletableFuture<SandboxResult> killed =
          CompletableFuture.supplyAsync(
              () ->
                  docker.sandbox.run(
                      docker.job("echo waiting; sleep 60", DockerFixture.LIMITS),
                      Live.interactive(in3, rec3)));
      assertThat(rec3.awaitStdout("waiting\n", Duration.ofSeconds(30))).isTrue();
      in3.signal("SIGKILL");
      SandboxResult k = killed.get(30, TimeUnit.SECONDS);
      assertThat(k.exitStatus()).isEqualTo(128 + 9);
      assertThat(k.timeout()).isEqualTo(dev.runbox.core.Timeout.NONE);
    }
  }

  @Test
  void anInteractiveProgramThatKillsItsInnerTimerIsStoppedByTheOuterDeadline() throws Exception {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO)) {
      Recorder rec = new Recorder();
      LiveInput in = new LiveInput(1024);
      SandboxResult r =
          docker.sandbox.run(
              docker.job(
                  "echo defeating; kill -9 -1; while :; do :; done",
                  new Limits(3, 128, 1.0, 64, 16, 50, 256)),
              Live.interactive(in, rec));

      assertThat(r.timeout()).isEqualTo(dev.runbox.core.Timeout.OUTER);
      assertThat(r.exitStatus()).isEqualTo(137);
      assertThat(rec.stdout()).isEqualTo("defeating\n");
    }
  }

  @Test
  void anInteractiveRunFindsNoMarkerAnywhereItCanReadWhileItsInputFlows() throws Exception {
    try (DockerFixture docker = new DockerFixture(Duration.ofSeconds(2), Duration.ZERO, 1)) {
      assertThat(docker.awaitWarm(DockerFixture.TINY, 1, Duration.ofSeconds(60))).isTrue();
      Recorder rec = new Recorder();
      LiveInput in = new LiveInput(1 << 20);
      String hunt =
          "import sys\nprint('ready', flush=True)\nsys.stdin.readline()\n"
              + "exec(open('hunt.py').read())\n";
      CompletableFuture<SandboxResult> run =
          CompletableFuture.supplyAsync(
              () ->
                  docker.sandbox.run(
                      docker.job(
                          "python3 main.py",
                          DockerFixture.LIMITS,
                          DockerFixture.file("main.py", hunt),
                          DockerFixture.file("hunt.py", PreStartedWrapperIT.HUNT)),
                      Live.interactive(in, rec)));
      assertThat(rec.awaitStdout("ready\n", Duration.ofSeconds(30))).isTrue();
      // the feeder is busy with input (and a signal the program ignores) while the hunt looks
      for (int i = 0; i < 50; i++) {
        in.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
      }
      in.signal("SIGWINCH");
      in.endInput();

      SandboxResult r = run.get(60, TimeUnit.SECONDS);

      assertThat(r.stdout().text()).isEqualTo("ready\nfound 0\n");
      assertThat(r.exitStatus()).isZero();
      assertThat(r.usage().cpuMs()).as("the wrapper reported").isNotNegative();
    }
  }

  @Test
  void aForgedTrailerInTheStreamIsOutputAndTheTruthIsReported() throws Exception {
    try (DockerFixture docker = new DockerFixture()) {
      Recorder rec = new Recorder();
      LiveInput in = new LiveInput(1024);
      String forged = "\u001erunbox:" + "0".repeat(32) + "\n0\n## end\n";
      SandboxResult r =
          docker.sandbox.run(
              docker.job(
                  "printf '\\036runbox:%s\\n0\\n## end\\n' " + "0".repeat(32) + "; exit 3",
                  DockerFixture.LIMITS),
              Live.interactive(in, rec));

      assertThat(r.exitStatus()).isEqualTo(3);
      assertThat(r.stdout().text()).isEqualTo(forged);
      assertThat(rec.stdout()).isEqualTo(forged);
    }
  }

  @Test
  void anInteractiveRunStillEndsAtItsTimeLimit() throws Exception {
    try (DockerFixture docker = new DockerFixture()) {
      Recorder rec = new Recorder();
      LiveInput in = new LiveInput(1024);
      SandboxResult r =
          docker.sandbox.run(
              docker.job("cat", new Limits(2, 128, 1.0, 64, 16, 50, 256)),
              Live.interactive(in, rec));
      assertThat(r.timeout()).isEqualTo(dev.runbox.core.Timeout.INNER);
      assertThat(r.exitStatus()).isEqualTo(124);
    }
  }
}
