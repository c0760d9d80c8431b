package dev.runbox.core;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one use case: validate a request against the catalog and the configured maxima, run it in
 * a sandbox within the admission bounds, and give the verdict.
 */
public final class RunService {
  private final ImageCatalog catalog;
  private final Sandbox sandbox;
  private final Limits maximum;
  private final AdmissionGate gate;
  private final RunObserver observer;
  private final Supplier<String> ids;
  private final Clock clock;

  public RunService(ImageCatalog catalog, Sandbox sandbox, Limits maximum, AdmissionGate gate, RunObserver observer, Supplier<String> ids, Clock clock) {
    this.catalog = catalog;
    this.sandbox = sandbox;
    this.maximum = maximum;
    this.gate = gate;
    this.observer = observer;
    this.ids = ids;
    this.clock = clock;
  }

  /** Checks the request and turns it into a job, without running anything. */
  public Prepared prepare(RunRequest request) {
    ImageSpec image = catalog.find(request.image()).orElseThrow(() -> new UnknownImageException(request.image()));
    Limits limits = image.defaultLimits().override(request.limits(), maximum);
    checkFilesFit(request.files(), limits);
    String command = switch (request.command()) {
      case Command.ImageDefault d -> image.defaultCommand();
      case Command.Shell s -> s.line();
    };
    SandboxJob job = new SandboxJob(ids.get(), image.ref(), request.files(), command, request.stdin(), limits);
    return new Prepared(image, job);
  }

  /** Files that cannot fit in /sandbox would only fail to unpack there (exit 125): a caller mistake, refused before any container. */
  private static void checkFilesFit(FileSet files, Limits limits) {
    if (files.totalBytes() > limits.diskBytes()) {
      throw new InvalidRequestException("files", files.totalBytes() + " bytes of files sent; the sandbox holds at most "
          + limits.diskBytes() + " (disk_mib " + limits.diskMib() + ")");
    }
  }

  /** A validated job and the image it runs on. */
  public record Prepared(ImageSpec image, SandboxJob job) {}

  public RunResult run(RunRequest request) {
    return run(prepare(request));
  }

  public RunResult run(Prepared prepared) {
    SandboxResult observed;
    long start = clock.millis();
    try (AdmissionGate.Permit permit = gate.enter()) {
      observed = sandbox.run(prepared.job());
    } catch (CapacityExceededException e) {
      observer.refused("capacity");
      throw e;
    } catch (SandboxUnavailableException e) {
      observer.engineFailed();
      throw e;
    }
    ImageSpec image = prepared.image();
    Outcome outcome = image.rules().classify(observed);
    observer.finished(image.name(), outcome, Duration.ofMillis(clock.millis() - start));
    return new RunResult(
        prepared.job().runId(),
        image.name(),
        observed.stdout(),
        observed.stderr(),
        observed.exitStatus(),
        observed.timeout(),
        observed.oomKilled(),
        outcome,
        image.rules().id(),
        FileChanges.between(prepared.job().files(), observed.files(), observed.filesComplete()),
        observed.filesComplete(),
        observed.usage());
  }
}
