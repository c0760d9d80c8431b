package dev.runbox.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The one use case: validate a request against the catalog and the run policy, run it in a sandbox
 * within the admission bounds, and give the verdict. While a run is in the sandbox its id is in the
 * logging context under {@code run}.
 */
public final class RunService {
  private static final String MDC_RUN = "run";

  private final ImageCatalog catalog;
  private final Sandbox sandbox;
  private final RunPolicy policy;
  private final AdmissionGate gate;
  private final RunObserver observer;
  private final Supplier<String> ids;
  private final Clock clock;

  /** The runs in this service now, each with whether it was cancelled. */
  private final Map<String, Boolean> running = new ConcurrentHashMap<>();

  public RunService(
      ImageCatalog catalog,
      Sandbox sandbox,
      RunPolicy policy,
      AdmissionGate gate,
      RunObserver observer,
      Supplier<String> ids,
      Clock clock) {
    this.catalog = catalog;
    this.sandbox = sandbox;
    this.policy = policy;
    this.gate = gate;
    this.observer = observer;
    this.ids = ids;
    this.clock = clock;
  }

  /** What this service admits; adapters that convert units check against its maximum. */
  public RunPolicy policy() {
    return policy;
  }

  /** Refuses the request as {@link #prepare} would, without minting a run id. */
  public void validate(RunRequest request) {
    admit(request);
  }

  /** Checks the request and turns it into a job, without running anything. */
  public Prepared prepare(RunRequest request) {
    Admitted a = admit(request);
    SandboxJob job =
        new SandboxJob(
            ids.get(),
            a.image().ref(),
            request.files(),
            a.command(),
            request.stdin(),
            a.limits(),
            request.environment());
    return new Prepared(a.image(), a.rules(), job);
  }

  private record Admitted(
      ImageSpec image, TrafficLightRules rules, Limits limits, String command) {}

  private Admitted admit(RunRequest request) {
    policy.checkBounds(request.files());
    ImageSpec image =
        catalog.find(request.image()).orElseThrow(() -> new UnknownImageException(request.image()));
    TrafficLightRules rules =
        image
            .rules(request.ruleSet())
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "rule_set",
                        "image " + image.name() + " has no rule set '" + request.ruleSet() + "'"));
    Limits limits = policy.limitsFor(image, request);
    policy.checkFits(request.files(), limits);
    String command =
        switch (request.command()) {
          case Command.ImageDefault d -> image.defaultCommand();
          case Command.Shell s -> s.line();
        };
    return new Admitted(image, rules, limits, command);
  }

  /** A validated job, the image it runs on and the rules that judge it. */
  public record Prepared(ImageSpec image, TrafficLightRules rules, SandboxJob job) {
    public String runId() {
      return job.runId();
    }
  }

  /** Prepares and runs the request. */
  public RunResult run(RunRequest request) {
    return run(prepare(request));
  }

  /** Runs a prepared job, with its run id in the logging context while it runs. */
  public RunResult run(Prepared prepared) {
    return run(prepared, Live.none());
  }

  /**
   * Runs a prepared job with its live side: {@link LiveOutput#started} once it is admitted (a run
   * refused for capacity throws before that), then its output as it happens.
   */
  public RunResult run(Prepared prepared, Live live) {
    MDC.put(MDC_RUN, prepared.runId());
    running.put(prepared.runId(), Boolean.FALSE);
    try {
      return runAdmitted(prepared, live);
    } finally {
      running.remove(prepared.runId());
      MDC.remove(MDC_RUN);
    }
  }

  /**
   * Stops the run now (its client went away, say): it ends as a sandbox that died, and {@link #run}
   * throws {@link SandboxUnavailableException}. A run id that is not running is remembered for a
   * while, so a run about to start is stopped too.
   */
  public void cancel(String runId) {
    running.replace(runId, Boolean.TRUE);
    sandbox.cancel(runId);
  }

  /**
   * Whether the run was cancelled while it ran: its end is its client's doing, not the engine's.
   */
  private boolean cancelled(String runId) {
    return Boolean.TRUE.equals(running.get(runId));
  }

  private RunResult runAdmitted(Prepared prepared, Live live) {
    SandboxResult observed;
    long start = clock.millis();
    try (AdmissionGate.Permit permit = gate.enter()) {
      live.output().started(prepared.runId());
      observed = sandbox.run(prepared.job(), live);
    } catch (CapacityExceededException e) {
      observer.refused("capacity");
      throw e;
    } catch (SandboxUnavailableException e) {
      if (cancelled(prepared.runId())) {
        observer.cancelled();
      } else {
        observer.engineFailed();
      }
      throw e;
    }
    ImageSpec image = prepared.image();
    Outcome outcome = prepared.rules().classify(observed);
    if (cancelled(prepared.runId())) {
      observer.cancelled();
    } else {
      observer.finished(image.name(), outcome, Duration.ofMillis(clock.millis() - start));
    }
    return result(prepared, observed, outcome);
  }

  private static RunResult result(Prepared prepared, SandboxResult observed, Outcome outcome) {
    FileChanges files =
        FileChanges.between(prepared.job().files(), observed.files(), observed.filesComplete());
    return new RunResult(
        prepared.runId(),
        prepared.image().name(),
        observed.stdout(),
        observed.stderr(),
        observed.exitStatus(),
        observed.timeout(),
        observed.oomKilled(),
        outcome,
        prepared.rules().id(),
        files,
        observed.filesComplete(),
        observed.usage());
  }
}
