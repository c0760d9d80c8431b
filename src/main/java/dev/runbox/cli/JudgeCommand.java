package dev.runbox.cli;

import dev.runbox.core.judge.JudgeResult;
import dev.runbox.core.judge.Verdict;
import dev.runbox.http.api.JudgeBodies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbox judge FILE}: the JSON of {@code POST /v1/judge} in (a file, or stdin for {@code
 * -}), the same JSON answer out; exit 0 when the submission is accepted, 1 otherwise.
 */
@picocli.CommandLine.Command(
    name = "judge",
    description =
        "Judge a submission: read the JSON body of POST /v1/judge from FILE (- for stdin), print"
            + " the JSON answer; exit 0 when accepted, 1 otherwise.")
final class JudgeCommand implements Callable<Integer> {
  private final Launcher launcher;
  private final RunboxCommand top;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "show this help, with the configuration keys")
  boolean help;

  @Parameters(index = "0", paramLabel = "FILE", description = "the request as JSON; - for stdin")
  String file;

  JudgeCommand(Launcher launcher, RunboxCommand top) {
    this.launcher = launcher;
    this.top = top;
  }

  @Override
  public Integer call() throws IOException {
    byte[] body = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
    try (Session s = launcher.open(launcher.config(top.configFile(), top.overrides))) {
      JudgeResult result = s.judges().judge(JudgeBodies.read(body));
      System.out.write(JudgeBodies.write(result));
      System.out.println();
      System.out.flush();
      return result.verdict() == Verdict.ACCEPTED ? 0 : 1;
    }
  }
}
