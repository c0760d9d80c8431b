package dev.runbox.http.api;

import dev.runbox.core.Command;
import dev.runbox.core.FileSet;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Limit;
import dev.runbox.core.Program;
import dev.runbox.core.judge.Checker;
import dev.runbox.core.judge.Compare;
import dev.runbox.core.judge.CompareMode;
import dev.runbox.core.judge.JudgeRequest;
import dev.runbox.core.judge.JudgeResult;
import dev.runbox.core.judge.JudgeTest;
import dev.runbox.core.judge.StopPolicy;
import dev.runbox.core.judge.TestLimits;
import dev.runbox.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Reads a judge request's body into a core {@link JudgeRequest}, and writes a {@link JudgeResult}
 * as its answer: the same JSON for the HTTP route and the command line. Malformed JSON, unknown
 * fields and wrong types are Jackson's exceptions (the server's error mapper says what is wrong);
 * every other mistake is an {@link InvalidRequestException} naming the field, e.g. {@code
 * tests[2].name}.
 */
public final class JudgeBodies {
  private static final String KNOWN_LIMITS =
      String.join(", ", Arrays.stream(Limit.values()).map(Limit::apiName).toList());

  private JudgeBodies() {}

  /**
   * The request a body holds; Jackson's exceptions for JSON that is malformed or of the wrong
   * shape.
   */
  public static JudgeRequest read(byte[] body) throws IOException {
    JudgeBody b = Json.read(body, JudgeBody.class);
    if (b == null) {
      throw new InvalidRequestException("", "the body must be a JSON object");
    }
    return toRequest(b);
  }

  /** The answer as its JSON body. */
  public static byte[] write(JudgeResult result) {
    return Json.write(JudgeResponse.of(result));
  }

  private static Program program(JudgeBody.ProgramBody p) {
    if (p.run() == null || p.run().isBlank()) {
      throw new InvalidRequestException("program.run", "program.run is missing: the run command");
    }
    within("program.run.", () -> new Command.Shell(p.run()));
    if (p.compile() != null && !p.compile().isBlank()) {
      within("program.compile.", () -> new Command.Shell(p.compile()));
    }
    return new Program(p.compile() == null ? "" : p.compile(), p.run());
  }

  static JudgeRequest toRequest(JudgeBody b) {
    if (b.image() == null) {
      throw new InvalidRequestException("image", "image is missing");
    }
    if (b.files() == null) {
      throw new InvalidRequestException("files", "files are missing; send the program's files");
    }
    if (b.tests() == null) {
      throw new InvalidRequestException("tests", "tests are missing; send at least one");
    }
    Optional<JudgeBody.LimitsBody> limits = Optional.ofNullable(b.limits());
    return new JudgeRequest(
        b.image(),
        new FileSet(RunBodies.textFiles("files", b.files())),
        tests(b.tests()),
        compare(b.compare()),
        Optional.ofNullable(b.checker()).map(c -> within("checker.", () -> checker(c))),
        b.stop() == null ? StopPolicy.NEVER : StopPolicy.ofApiName(b.stop()),
        limits
            .map(l -> within("limits.compile.", () -> runLimits(l.compile(), false)))
            .orElse(Map.of()),
        limits.map(l -> within("limits.run.", () -> testLimits(l.run()))).orElse(TestLimits.NONE),
        Optional.ofNullable(b.program()).map(JudgeBodies::program));
  }

  private static List<JudgeTest> tests(List<JudgeBody.Test> sent) {
    List<JudgeTest> tests = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      JudgeBody.Test t = sent.get(i);
      if (t == null) {
        throw new InvalidRequestException("tests[" + i + "]", "tests[" + i + "] is null");
      }
      tests.add(within("tests[" + i + "].", () -> test(t)));
    }
    return tests;
  }

  private static JudgeTest test(JudgeBody.Test t) {
    if (t.name() == null) {
      throw new InvalidRequestException("name", "a test's name is missing");
    }
    List<String> args = t.args() == null ? List.of() : t.args();
    if (args.stream().anyMatch(Objects::isNull)) {
      throw new InvalidRequestException("args", "args holds a null; send strings");
    }
    return new JudgeTest(
        t.name(),
        t.stdin() == null ? new byte[0] : t.stdin().getBytes(StandardCharsets.UTF_8),
        Optional.ofNullable(t.expectedOutput()),
        args,
        within("limits.", () -> testLimits(t.limits())));
  }

  private static Compare compare(JudgeBody.CompareBody c) {
    if (c == null) {
      return Compare.DEFAULT;
    }
    return new Compare(
        c.mode() == null ? Compare.DEFAULT.mode() : CompareMode.ofApiName(c.mode()),
        c.epsilon() == null ? Compare.DEFAULT_EPSILON : c.epsilon(),
        c.caseSensitive() == null || c.caseSensitive());
  }

  private static Checker checker(JudgeBody.CheckerBody c) {
    if (c.image() == null) {
      throw new InvalidRequestException("image", "the checker's image is missing");
    }
    if (c.command() == null) {
      throw new InvalidRequestException("command", "the checker's command is missing");
    }
    return new Checker(
        c.image(),
        new FileSet(RunBodies.textFiles("files", c.files())),
        new Command.Shell(c.command()));
  }

  /** The limits of a test or of {@code limits.run}: those of /v1/runs and {@code cpu_time_s}. */
  private static TestLimits testLimits(Map<String, Double> sent) {
    if (sent == null) {
      return TestLimits.NONE;
    }
    Map<String, Double> rest = new HashMap<>(sent);
    boolean cpuSent = rest.containsKey(TestLimits.CPU_TIME_S);
    Double cpu = rest.remove(TestLimits.CPU_TIME_S);
    if (cpuSent && cpu == null) {
      throw nullLimit(TestLimits.CPU_TIME_S);
    }
    return new TestLimits(
        runLimits(rest, true), cpu == null ? OptionalDouble.empty() : OptionalDouble.of(cpu));
  }

  /**
   * The limits of /v1/runs, by their API names; another name is refused naming the known ones.
   *
   * @param cpuTime whether {@code cpu_time_s} is known here (tests and {@code limits.run})
   */
  private static Map<Limit, Double> runLimits(Map<String, Double> sent, boolean cpuTime) {
    Map<Limit, Double> out = new EnumMap<>(Limit.class);
    if (sent == null) {
      return out;
    }
    sent.forEach(
        (name, value) -> {
          Limit limit =
              Arrays.stream(Limit.values())
                  .filter(l -> l.apiName().equals(name))
                  .findFirst()
                  .orElseThrow(() -> unknownLimit(name, cpuTime));
          if (value == null) {
            throw nullLimit(name);
          }
          out.put(limit, value);
        });
    return out;
  }

  private static InvalidRequestException unknownLimit(String name, boolean cpuTime) {
    return new InvalidRequestException(
        name,
        "unknown limit '"
            + name
            + "'; known: "
            + KNOWN_LIMITS
            + (cpuTime
                ? ", " + TestLimits.CPU_TIME_S
                : " (" + TestLimits.CPU_TIME_S + " applies to tests, not to the compile stage)"));
  }

  private static InvalidRequestException nullLimit(String name) {
    return new InvalidRequestException(name, name + " is null; send a number or leave it out");
  }

  /** Builds a part of the request, naming {@code at} in any refusal of it. */
  private static <T> T within(String at, Supplier<T> part) {
    try {
      return part.get();
    } catch (InvalidRequestException e) {
      String field = e.field().isEmpty() ? at.substring(0, at.length() - 1) : at + e.field();
      throw new InvalidRequestException(field, e.getMessage());
    }
  }
}
