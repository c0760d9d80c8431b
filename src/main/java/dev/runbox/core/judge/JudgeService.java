package dev.runbox.core.judge;

import dev.runbox.core.AdmissionGate;
import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Command;
import dev.runbox.core.Deadlines;
import dev.runbox.core.FileSet;
import dev.runbox.core.ImageCatalog;
import dev.runbox.core.ImageSpec;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Limits;
import dev.runbox.core.Sandbox;
import dev.runbox.core.SandboxFile;
import dev.runbox.core.SandboxResult;
import dev.runbox.core.SandboxSession;
import dev.runbox.core.SandboxUnavailableException;
import dev.runbox.core.SessionStep;
import dev.runbox.core.Timeout;
import dev.runbox.core.UnknownImageException;
import dev.runbox.core.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Judges a submission: checks it against the catalog and the {@link JudgePolicy}, then, in one
 * sandbox session, compiles it once (its /sandbox after the compile is every test's starting point)
 * and runs each test from that state; each output is judged by comparison or by the checker, which
 * runs in a session of its own. A whole judge holds one admission permit. While it runs its id is
 * in the logging context under {@code run}.
 */
public final class JudgeService {
  private static final Logger log = LoggerFactory.getLogger(JudgeService.class);
  private static final String MDC_RUN = "run";

  /** The files the checker gets, in testlib's order: the input, the output, the answer. */
  public static final List<String> CHECKER_FILES = List.of("input.txt", "output.txt", "answer.txt");

  /** A step's time in a session beyond its limit and the inner timer's kill: setup, margins. */
  private static final Duration STEP_MARGIN = Duration.ofSeconds(30);

  private final ImageCatalog catalog;
  private final Sandbox sandbox;
  private final JudgePolicy policy;
  private final AdmissionGate gate;
  private final Supplier<String> ids;

  public JudgeService(
      ImageCatalog catalog,
      Sandbox sandbox,
      JudgePolicy policy,
      AdmissionGate gate,
      Supplier<String> ids) {
    this.catalog = catalog;
    this.sandbox = sandbox;
    this.policy = policy;
    this.gate = gate;
    this.ids = ids;
  }

  public JudgePolicy policy() {
    return policy;
  }

  /** A checked submission, ready to judge. */
  public record Prepared(
      String id, ImageSpec image, JudgePlan plan, Optional<CheckerPlan> checker) {}

  /** The checker, its image and the limits it runs under (its image's defaults). */
  public record CheckerPlan(ImageSpec image, Checker checker, Limits limits) {}

  /** Checks the request; refused (nothing runs) when anything is out of bounds. */
  public Prepared prepare(JudgeRequest request) {
    ImageSpec image =
        catalog.find(request.image()).orElseThrow(() -> new UnknownImageException(request.image()));
    JudgePlan plan = policy.plan(image, request);
    Optional<CheckerPlan> checker = request.checker().map(this::checkerPlan);
    return new Prepared(ids.get(), image, plan, checker);
  }

  private CheckerPlan checkerPlan(Checker checker) {
    ImageSpec image =
        catalog
            .find(checker.image())
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "checker.image", "unknown checker image '" + checker.image() + "'"));
    for (SandboxFile f : checker.files().files()) {
      if (CHECKER_FILES.contains(f.path())) {
        throw new InvalidRequestException(
            "checker.files",
            "the checker's file '"
                + f.path()
                + "' takes a name runbox gives the checker's inputs ("
                + String.join(", ", CHECKER_FILES)
                + ")");
      }
    }
    return new CheckerPlan(image, checker, image.defaultLimits());
  }

  /** Prepares and judges. */
  public JudgeResult judge(JudgeRequest request) {
    return judge(prepare(request));
  }

  /**
   * Judges a prepared submission.
   *
   * @throws SandboxUnavailableException when no sandbox could be opened at all
   */
  public JudgeResult judge(Prepared prepared) {
    MDC.put(MDC_RUN, prepared.id());
    try (AdmissionGate.Permit permit = gate.enter()) {
      return new Judging(prepared).run();
    } finally {
      MDC.remove(MDC_RUN);
    }
  }

  /** One submission being judged: its sessions, opened as they are needed and closed at the end. */
  private final class Judging {
    private final Prepared prepared;
    private final JudgePlan plan;
    private final JudgeRequest request;
    private Optional<SandboxSession> checkerSession = Optional.empty();

    Judging(Prepared prepared) {
      this.prepared = prepared;
      this.plan = prepared.plan();
      this.request = plan.request();
    }

    JudgeResult run() {
      Optional<Command.Shell> compileCommand = plan.program().compileCommand(request.firstFile());
      List<Limits> all = new ArrayList<>();
      compileCommand.ifPresent(c -> all.add(plan.compile()));
      plan.tests().forEach(b -> all.add(b.limits()));
      try (SandboxSession session =
          sandbox.open(prepared.id(), prepared.image().ref(), widest(all), lifetime(all))) {
        Optional<CompileResult> compile = Optional.empty();
        FileSet testFiles = request.files();
        if (compileCommand.isPresent()) {
          SandboxResult c =
              session.prepare(
                  new SessionStep(
                      request.files(),
                      compileCommand.get().line(),
                      List.of(),
                      new byte[0],
                      plan.compile(),
                      Optional.empty()));
          CompileResult result =
              new CompileResult(c.stdout(), c.stderr(), c.exitStatus(), c.usage());
          compile = Optional.of(result);
          if (!result.succeeded()) {
            return JudgeResult.of(
                prepared.id(),
                compile,
                request.tests().stream().map(t -> TestResult.skipped(t.name())).toList());
          }
          testFiles = new FileSet(List.of());
        }
        return JudgeResult.of(prepared.id(), compile, tests(session, testFiles));
      } finally {
        checkerSession.ifPresent(SandboxSession::close);
      }
    }

    private List<TestResult> tests(SandboxSession session, FileSet files) {
      String run = plan.program().runCommand(request.firstFile(), List.of()).line();
      List<TestResult> results = new ArrayList<>();
      boolean failed = false;
      for (int i = 0; i < request.tests().size(); i++) {
        JudgeTest test = request.tests().get(i);
        if (failed && request.stop() == StopPolicy.FIRST_FAILURE) {
          results.add(TestResult.skipped(test.name()));
          continue;
        }
        TestResult result = test(session, files, run, test, plan.tests().get(i));
        failed |= result.verdict().fails();
        results.add(result);
      }
      return results;
    }

    private TestResult test(
        SandboxSession session, FileSet files, String run, JudgeTest test, Budget budget) {
      SandboxResult observed;
      try {
        observed =
            session.step(
                new SessionStep(
                    files, run, test.args(), test.stdin(), budget.limits(), budget.cpuTime()));
      } catch (SandboxUnavailableException e) {
        log.warn(
            "judge {}: test '{}' could not run: {}", prepared.id(), test.name(), e.getMessage());
        return TestResult.notRun(test.name());
      }
      TestRun ran = testRun(observed);
      Optional<Judgement> ending = Verdicts.ofEnding(ran, budget.cpuTime());
      if (ending.isPresent()) {
        return TestResult.of(test.name(), ran, ending.get());
      }
      if (prepared.checker().isPresent()) {
        return TestResult.of(test.name(), ran, check(prepared.checker().get(), test, ran));
      }
      return TestResult.of(
          test.name(),
          ran,
          Verdicts.ofComparison(request.compare(), test.expectedOutput().orElse(""), ran));
    }

    /** The checker's verdict on one output; an internal error naming it when it cannot run. */
    private Judgement check(CheckerPlan plan, JudgeTest test, TestRun ran) {
      List<SandboxFile> files = new ArrayList<>(plan.checker().files().files());
      files.add(new SandboxFile(CHECKER_FILES.get(0), test.stdin(), false));
      files.add(new SandboxFile(CHECKER_FILES.get(1), ran.stdout().bytes(), false));
      files.add(
          new SandboxFile(
              CHECKER_FILES.get(2),
              test.expectedOutput().orElse("").getBytes(StandardCharsets.UTF_8),
              false));
      SandboxResult observed;
      try {
        if (checkerSession.isEmpty()) {
          checkerSession =
              Optional.of(
                  sandbox.open(
                      prepared.id() + "-checker",
                      plan.image().ref(),
                      plan.limits(),
                      lifetime(Collections.nCopies(request.tests().size(), plan.limits()))));
        }
        observed =
            checkerSession
                .get()
                .step(
                    new SessionStep(
                        new FileSet(files),
                        plan.checker().command().line(),
                        CHECKER_FILES,
                        new byte[0],
                        plan.limits(),
                        Optional.empty()));
      } catch (SandboxUnavailableException e) {
        return Verdicts.ofChecker(
            plan.checker(),
            new TestRun(
                0,
                Timeout.NONE,
                false,
                CapturedBytes.empty(),
                CapturedBytes.empty(),
                new Usage(0, Usage.UNKNOWN, Usage.UNKNOWN),
                Optional.of(e.getMessage())));
      }
      return Verdicts.ofChecker(plan.checker(), testRun(observed));
    }
  }

  private static TestRun testRun(SandboxResult r) {
    return new TestRun(
        r.exitStatus(), r.timeout(), r.oomKilled(), r.stdout(), r.stderr(), r.usage());
  }

  /** The widest of every limit: what the session's sandbox is made with. */
  static Limits widest(List<Limits> all) {
    Limits w = all.get(0);
    for (Limits l : all) {
      w =
          new Limits(
              Math.max(w.timeSeconds(), l.timeSeconds()),
              Math.max(w.memoryMib(), l.memoryMib()),
              Math.max(w.cpus(), l.cpus()),
              Math.max(w.pids(), l.pids()),
              Math.max(w.diskMib(), l.diskMib()),
              Math.max(w.outputKib(), l.outputKib()),
              Math.max(w.openFiles(), l.openFiles()));
    }
    return w;
  }

  /** How long a session of these steps may live, each to its limit. */
  static Duration lifetime(List<Limits> steps) {
    Duration total = Duration.ZERO;
    for (Limits l : steps) {
      total = total.plus(l.time()).plus(Deadlines.KILL_AFTER).plus(STEP_MARGIN);
    }
    return total;
  }
}
