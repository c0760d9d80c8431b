package dev.runbox.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RunServiceTest {
  private static final Limits MAX = new Limits(120, 4096, 2, 1024, 1024, 1024, 4096);
  private static final Limits DEFAULTS = new Limits(10, 128, 1, 128, 1, 50, 256);
  private static final TrafficLightRules ZERO_IS_GREEN =
      new TrafficLightRules(
          "tiny/zero@1",
          List.of(
              new TrafficLightRule(
                  Outcome.GREEN, Set.of(0), Optional.empty(), Optional.empty(), Optional.empty())));
  private static final ImageSpec TINY =
      new ImageSpec(
          "tiny",
          "runbox/tiny:latest",
          "sh run.sh",
          DEFAULTS,
          TrafficLightRules.none("none"),
          Map.of("zero", ZERO_IS_GREEN));
  private static final ImageCatalog CATALOG =
      new ImageCatalog() {
        @Override
        public Optional<ImageSpec> find(String name) {
          return name.equals("tiny") ? Optional.of(TINY) : Optional.empty();
        }

        @Override
        public List<ImageSpec> all() {
          return List.of(TINY);
        }
      };

  private final AtomicInteger ids = new AtomicInteger();

  /** A sandbox that runs jobs through {@code run} and keeps no sessions. */
  private static Sandbox runsOnly(java.util.function.Function<SandboxJob, SandboxResult> run) {
    return new Sandbox() {
      @Override
      public SandboxResult run(SandboxJob job) {
        return run.apply(job);
      }

      @Override
      public SandboxSession open(
          String sessionId, String imageRef, Limits limits, java.time.Duration lifetime) {
        throw new SandboxUnavailableException(sessionId, "", "no sessions here", null);
      }

      @Override
      public void cancel(String runId) {
        throw new UnsupportedOperationException("nothing here is cancelled");
      }
    };
  }

  private RunService service(Sandbox sandbox, int maxFiles, long maxFileBytes) {
    return new RunService(
        CATALOG,
        sandbox,
        new RunPolicy(MAX, maxFiles, maxFileBytes),
        new AdmissionGate(1, 0, Duration.ZERO),
        RunObserver.NONE,
        () -> "run-" + ids.incrementAndGet(),
        Clock.systemUTC());
  }

  private static RunRequest request(String image, int files, int bytesEach) {
    List<SandboxFile> sent = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      sent.add(
          new SandboxFile("f" + i, "x".repeat(bytesEach).getBytes(StandardCharsets.UTF_8), false));
    }
    return new RunRequest(
        image, new FileSet(sent), new Command.ImageDefault(), new byte[0], Map.of());
  }

  @Test
  void refusesTooManyFilesOrBytesWhateverTheDoorTheRequestCameBy() {
    FakeSandbox sandbox = new FakeSandbox();
    RunService runs = service(sandbox, 2, 10);

    assertThatThrownBy(() -> runs.run(request("tiny", 3, 1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("3 files sent; at most 2 are accepted");
    assertThatThrownBy(() -> runs.prepare(request("tiny", 2, 6)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("12 bytes of files sent; at most 10 are accepted");
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void checksTheFileBoundsBeforeTheImage() {
    RunService runs = service(new FakeSandbox(), 2, 10);

    assertThatThrownBy(() -> runs.validate(request("nope", 3, 1)))
        .hasMessage("3 files sent; at most 2 are accepted");
    assertThatThrownBy(() -> runs.validate(request("nope", 1, 1)))
        .isInstanceOf(UnknownImageException.class);
  }

  @Test
  void refusesFilesThatDoNotFitTheSandboxDisk() {
    RunService runs = service(new FakeSandbox(), 10, 4L * 1024 * 1024);

    assertThatThrownBy(() -> runs.validate(request("tiny", 2, 600_000)))
        .hasMessage("1200000 bytes of files sent; the sandbox holds at most 1048576 (disk_mib 1)");
  }

  @Test
  void judgesByTheNamedRuleSetARequestChoosesAndPassesItsEnvironmentToTheSandbox() {
    FakeSandbox sandbox = new FakeSandbox().answer(FakeSandbox.result(0, "", ""));
    RunService runs = service(sandbox, 10, 100);
    RunEnvironment environment =
        new RunEnvironment(
            Map.of("GREETING", "hi"),
            new FileSet(List.of(new SandboxFile("helpers.sh", new byte[] {'#'}, false))));
    RunRequest plain = request("tiny", 1, 1);
    RunRequest named =
        new RunRequest(
            "tiny",
            plain.files(),
            new Command.Shell("./go"),
            new byte[0],
            Map.of(),
            environment,
            "zero");

    RunResult own = runs.run(plain);
    RunResult judged = runs.run(named);

    assertThat(own.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(own.ruleSet()).isEqualTo("none");
    assertThat(judged.outcome()).isEqualTo(Outcome.GREEN);
    assertThat(judged.ruleSet()).isEqualTo("tiny/zero@1");
    assertThat(sandbox.lastJob().environment()).isEqualTo(environment);
    assertThat(sandbox.lastJob().command()).isEqualTo("./go");
  }

  @Test
  void refusesARuleSetTheImageDoesNotHave() {
    FakeSandbox sandbox = new FakeSandbox();
    RunService runs = service(sandbox, 10, 100);
    RunRequest plain = request("tiny", 1, 1);

    assertThatThrownBy(
            () ->
                runs.run(
                    new RunRequest(
                        "tiny",
                        plain.files(),
                        plain.command(),
                        new byte[0],
                        Map.of(),
                        RunEnvironment.none(),
                        "nope")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("image tiny has no rule set 'nope'");
    assertThat(sandbox.jobs()).isEmpty();
  }

  @Test
  void validatesWithoutMintingARunId() {
    RunService runs = service(new FakeSandbox(), 10, 100);

    runs.validate(request("tiny", 1, 1));

    assertThat(runs.prepare(request("tiny", 1, 1)).runId()).isEqualTo("run-1");
  }

  @Test
  void putsTheRunIdInTheLoggingContextOnlyWhileTheRunIsInTheSandbox() {
    AtomicReference<String> seen = new AtomicReference<>();
    RunService runs =
        service(
            runsOnly(
                job -> {
                  seen.set(MDC.get("run"));
                  return FakeSandbox.result(0, "", "");
                }),
            10,
            100);

    RunResult r = runs.run(request("tiny", 1, 1));

    assertThat(seen.get()).isEqualTo(r.id()).isEqualTo("run-1");
    assertThat(MDC.get("run")).isNull();
  }

  @Test
  void takesTheRunIdOutOfTheLoggingContextWhenTheSandboxFails() {
    RunService runs =
        service(
            new FakeSandbox().failWith(new SandboxUnavailableException("run-1", "", "down", null)),
            10,
            100);

    assertThatThrownBy(() -> runs.run(request("tiny", 1, 1)))
        .isInstanceOf(SandboxUnavailableException.class);
    assertThat(MDC.get("run")).isNull();
  }

  @Test
  void aRunCancelledByItsClientIsCountedAsCancelledNotAsAnEngineFailure() {
    List<String> heard = new ArrayList<>();
    RunObserver observer =
        new RunObserver() {
          @Override
          public void cancelled() {
            heard.add("cancelled");
          }

          @Override
          public void engineFailed() {
            heard.add("engine failed");
          }
        };
    AtomicReference<RunService> self = new AtomicReference<>();
    Sandbox sandbox =
        new Sandbox() {
          @Override
          public SandboxResult run(SandboxJob job) {
            self.get().cancel(job.runId());
            throw new SandboxUnavailableException(job.runId(), "", "the run was cancelled", null);
          }

          @Override
          public SandboxSession open(
              String sessionId, String imageRef, Limits limits, Duration lifetime) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void cancel(String runId) {}
        };
    RunService runs =
        new RunService(
            CATALOG,
            sandbox,
            new RunPolicy(MAX, 10, 100),
            new AdmissionGate(1, 0, Duration.ZERO),
            observer,
            () -> "run-" + ids.incrementAndGet(),
            Clock.systemUTC());
    self.set(runs);

    assertThatThrownBy(() -> runs.run(request("tiny", 0, 0)))
        .isInstanceOf(SandboxUnavailableException.class);
    runs.cancel("run-999");
    assertThatThrownBy(() -> runs.run(request("tiny", 0, 0)))
        .isInstanceOf(SandboxUnavailableException.class);

    assertThat(heard).containsExactly("cancelled", "cancelled");
  }
}
