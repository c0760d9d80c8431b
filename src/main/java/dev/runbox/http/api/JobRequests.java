package dev.runbox.http.api;

import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.RunService;
import dev.runbox.core.jobs.JobCodec;
import dev.runbox.core.jobs.JobKind;
import dev.runbox.core.judge.JudgeService;
import dev.runbox.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A job's request read, refused and run exactly as {@code /v1/runs} and {@code /v1/judge} read,
 * refuse and run theirs; the answer is the same JSON body.
 */
public final class JobRequests implements JobCodec {
  private final RunService runs;
  private final JudgeService judges;

  public JobRequests(RunService runs, JudgeService judges) {
    this.runs = runs;
    this.judges = judges;
  }

  @Override
  public String check(JobKind kind, String request) {
    byte[] body = request.getBytes(StandardCharsets.UTF_8);
    try {
      switch (kind) {
        case RUN -> runs.validate(RunBodies.toRequest(runBody(body)));
        case JUDGE -> judges.prepare(JudgeBodies.read(body));
        case JUDGE0 -> judges.prepare(JudgeBodies.read(judgeOfEnvelope(body)));
      }
    } catch (IOException e) {
      throw new InvalidRequestException("request", "request: " + e.getMessage());
    }
    return request;
  }

  @Override
  public String execute(JobKind kind, String request, Consumer<String> started) {
    byte[] body = request.getBytes(StandardCharsets.UTF_8);
    try {
      byte[] answer =
          switch (kind) {
            case RUN -> {
              RunService.Prepared run = runs.prepare(RunBodies.toRequest(runBody(body)));
              started.accept(run.runId());
              yield Json.write(RunResponse.of(runs.run(run)));
            }
            case JUDGE -> {
              JudgeService.Prepared judge = judges.prepare(JudgeBodies.read(body));
              started.accept(judge.id());
              yield JudgeBodies.write(judges.judge(judge));
            }
            case JUDGE0 -> {
              JudgeService.Prepared judge = judges.prepare(JudgeBodies.read(judgeOfEnvelope(body)));
              started.accept(judge.id());
              yield JudgeBodies.write(judges.judge(judge));
            }
          };
      return new String(answer, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored request no longer reads", e);
    }
  }

  /** The {@code judge} member of a Judge0 envelope: the {@code /v1/judge} body it runs. */
  private static byte[] judgeOfEnvelope(byte[] body) throws IOException {
    com.fasterxml.jackson.databind.JsonNode envelope = Json.mapper(false).readTree(body);
    com.fasterxml.jackson.databind.JsonNode judge = envelope == null ? null : envelope.get("judge");
    if (judge == null || !judge.isObject()) {
      throw new InvalidRequestException("request", "a Judge0 job's request has no judge member");
    }
    return Json.write(judge);
  }

  private static RunBody runBody(byte[] body) throws IOException {
    RunBody b = Json.read(body, RunBody.class);
    if (b == null) {
      throw new InvalidRequestException("request", "the request must be a JSON object");
    }
    return b;
  }
}
