package dev.runbox.http.piston;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Command;
import dev.runbox.core.FileChanges;
import dev.runbox.core.FileSet;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Limit;
import dev.runbox.core.Limits;
import dev.runbox.core.Live;
import dev.runbox.core.RunRequest;
import dev.runbox.core.RunResult;
import dev.runbox.core.RunService;
import dev.runbox.core.SandboxFile;
import dev.runbox.http.Bodies;
import dev.runbox.http.Json;
import dev.runbox.http.JsonObjects;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Piston's v2 API: {@code GET /api/v2/runtimes} and {@code POST /api/v2/execute}. A compiled
 * language runs in two sandboxes, each with its own limits: the compile stage gets the files and
 * the compile command; the files it leaves in /sandbox (sources and artefacts) are carried, byte
 * for byte, into the run stage, which runs the program with stdin and arguments. {@link #run} is
 * the one course of a job, for {@code /execute} and for the interactive {@code /connect}.
 */
final class PistonExecutor {
  private final RunService runs;
  private final PistonRuntimes runtimes;
  private final Limits maximum;
  private final long maxBodyBytes;

  PistonExecutor(RunService runs, PistonRuntimes runtimes, long maxBodyBytes) {
    this.runs = runs;
    this.runtimes = runtimes;
    this.maximum = runs.policy().maximum();
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Piston's error body. */
  record Message(@JsonProperty("message") String message) {
    static Message of(Context ctx, String message) {
      return new Message(message);
    }
  }

  void runtimes(Context ctx) {
    Json.respond(ctx, 200, runtimes.list());
  }

  void execute(Context ctx) {
    PistonRequest req = request(JsonObjects.object(Bodies.read(ctx, maxBodyBytes)));
    Json.respond(ctx, 200, run(req, req.stdin().getBytes(StandardCharsets.UTF_8), Events.NONE));
  }

  /** A request's body as Piston's fields, checked against the maximum limits. */
  PistonRequest request(JsonNode body) {
    return PistonRequest.of(body, maximum);
  }

  /**
   * What a job tells as it goes: {@code /execute} hears nothing and answers with the result, {@code
   * /connect} sends each step to its client. Called on the job's own thread, in order.
   */
  interface Events {
    Events NONE = new Events() {};

    /** The request is valid and its runtime known; nothing has run yet. */
    default void runtime(PistonRuntimes.Runtime rt) {}

    /**
     * A stage ({@code compile} or {@code run}) is about to run as run {@code runId}, admitted or
     * not yet: the live side it runs with. Throwing stops the job before that run.
     */
    default Live stage(String stage, String runId) {
      return Live.none();
    }

    /** The stage's run ended. */
    default void exit(String stage, PistonResult.Stage result) {}
  }

  /**
   * One job: the runtime found, the request validated whole (the run stage's request too, before
   * anything runs), then the compile stage for a compiled language and, when it succeeded and its
   * files can be carried, the run stage with {@code stdin}.
   */
  PistonResult run(PistonRequest req, byte[] stdin, Events events) {
    PistonRuntimes.Runtime rt =
        runtimes
            .find(req.language(), req.version())
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "language", req.language() + "-" + req.version() + " runtime is unknown"));
    FileSet files = req.fileSet(rt.image().extension());
    String first = files.files().get(0).path();
    Command run =
        new Command.Shell(
            PistonCommand.of(rt.piston().runCommand().orElseThrow(), first, req.args()));
    runs.validate(new RunRequest(rt.image().name(), files, run, stdin, req.runLimits()));
    events.runtime(rt);
    Optional<String> compile = rt.piston().compileCommand();
    PistonResult.Stage compiled = null;
    FileSet runFiles = files;
    if (compile.isPresent()) {
      RunResult c =
          stage(
              events,
              "compile",
              new RunRequest(
                  rt.image().name(),
                  files,
                  new Command.Shell(PistonCommand.of(compile.get(), first, List.of())),
                  new byte[0],
                  compileLimits(req)));
      compiled = PistonResult.Stage.of(c);
      events.exit("compile", compiled);
      boolean succeeded = c.exitStatus() == 0 && !c.timedOut();
      Optional<FileSet> carried = succeeded ? carried(files, c) : Optional.empty();
      if (carried.isEmpty() || !runs.policy().admits(carried.get())) {
        return result(rt, null, succeeded ? compiled.stoppedBecause(tooLarge()) : compiled);
      }
      runFiles = carried.get();
    }
    PistonResult.Stage ran =
        PistonResult.Stage.of(
            stage(
                events,
                "run",
                new RunRequest(rt.image().name(), runFiles, run, stdin, req.runLimits())));
    events.exit("run", ran);
    return result(rt, ran, compiled);
  }

  private RunResult stage(Events events, String name, RunRequest request) {
    RunService.Prepared prepared = runs.prepare(request);
    return runs.run(prepared, events.stage(name, prepared.runId()));
  }

  /**
   * The compile stage keeps all it may write: its file report is capped by output_kib, so it gets
   * the maximum.
   */
  private Map<Limit, Double> compileLimits(PistonRequest req) {
    Map<Limit, Double> limits = new EnumMap<>(Limit.class);
    limits.putAll(req.compileLimits());
    limits.put(Limit.OUTPUT_KIB, (double) maximum.outputKib());
    return limits;
  }

  private String tooLarge() {
    return "the compile stage left more files or bytes than runbox carries to the run stage (each file at most "
        + maximum.outputKib()
        + " KiB)";
  }

  private static PistonResult result(
      PistonRuntimes.Runtime rt, PistonResult.Stage run, PistonResult.Stage compile) {
    return new PistonResult(rt.piston().language(), rt.version(), run, compile);
  }

  /**
   * The files as the compile stage left them: sent files it changed or deleted are taken as they
   * are now, files it created are added and made executable. Empty when any was cut by a cap.
   */
  static Optional<FileSet> carried(FileSet sent, RunResult compiled) {
    FileChanges changes = compiled.files();
    if (!compiled.filesComplete()) {
      return Optional.empty();
    }
    List<SandboxFile> out = new ArrayList<>();
    for (SandboxFile f : sent.files()) {
      CapturedBytes now = changes.changed().get(f.path());
      if (now != null && now.truncated()) {
        return Optional.empty();
      }
      if (!changes.deleted().contains(f.path())) {
        out.add(now == null ? f : new SandboxFile(f.path(), now.bytes(), f.executable()));
      }
    }
    for (Map.Entry<String, CapturedBytes> made : changes.created().entrySet()) {
      if (made.getValue().truncated()) {
        return Optional.empty();
      }
      out.add(new SandboxFile(made.getKey(), made.getValue().bytes(), true));
    }
    return Optional.of(new FileSet(out));
  }
}
