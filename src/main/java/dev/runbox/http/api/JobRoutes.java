package dev.runbox.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.jobs.Job;
import dev.runbox.core.jobs.JobKind;
import dev.runbox.core.jobs.JobService;
import dev.runbox.core.jobs.Submitted;
import dev.runbox.http.Bodies;
import dev.runbox.http.Json;
import dev.runbox.http.Refusal;
import dev.runbox.http.RefusalException;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The async API: {@code POST /v1/jobs} (one job, 202), {@code POST /v1/jobs/batch} (up to {@link
 * JobService#MAX_BATCH}), {@code GET /v1/jobs/{id}}, {@code GET /v1/jobs?ids=a,b} and {@code DELETE
 * /v1/jobs/{id}}. A job's request is refused at submit exactly as its synchronous route would
 * refuse it; the same {@code Idempotency-Key} with the same body gives the same job, with another
 * body 409.
 */
final class JobRoutes {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final int MAX_KEY = 200;
  private static final int MAX_IDS = 100;
  private static final ObjectMapper TREE = Json.mapper(false);

  private final JobService jobs;
  private final long maxBodyBytes;

  JobRoutes(JobService jobs, long maxBodyBytes) {
    this.jobs = jobs;
    this.maxBodyBytes = maxBodyBytes;
  }

  void submit(Context ctx) throws IOException {
    Bodies.requireJson(ctx.req().getContentType());
    JsonNode body = tree(Bodies.read(ctx, maxBodyBytes));
    Optional<String> key = key(ctx);
    Submitted s = jobs.submit(submission(body, key, ""));
    ctx.status(202).contentType("application/json").result(Json.write(brief(s)));
  }

  void batch(Context ctx) throws IOException {
    Bodies.requireJson(ctx.req().getContentType());
    JsonNode body = tree(Bodies.read(ctx, maxBodyBytes));
    JsonNode items = body.get("jobs");
    if (items == null || !items.isArray() || body.size() != 1) {
      throw new InvalidRequestException(
          "jobs", "send {\"jobs\": [...]}: an array of jobs and nothing else");
    }
    Optional<String> key = key(ctx);
    List<JobService.Submission> keyed = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      int at = i;
      keyed.add(submission(items.get(i), key.map(k -> k + "#" + at), "jobs[" + i + "]."));
    }
    ObjectNode out = TREE.createObjectNode();
    ArrayNode list = out.putArray("jobs");
    for (Submitted s : jobs.submitBatch(keyed)) {
      list.add(TREE.valueToTree(brief(s)));
    }
    ctx.status(202).contentType("application/json").result(Json.write(out));
  }

  void one(Context ctx) {
    Job job = jobs.find(ctx.pathParam("id")).orElseThrow(() -> notFound(ctx.pathParam("id")));
    ctx.status(200).contentType("application/json").result(Json.write(view(job)));
  }

  void many(Context ctx) {
    String ids = ctx.queryParam("ids");
    if (ids == null || ids.isBlank()) {
      throw new InvalidRequestException("ids", "send ?ids=a,b (at most " + MAX_IDS + " job ids)");
    }
    List<String> list =
        Arrays.stream(ids.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (list.size() > MAX_IDS) {
      throw new InvalidRequestException(
          "ids", list.size() + " job ids sent; at most " + MAX_IDS + " are accepted");
    }
    ObjectNode out = TREE.createObjectNode();
    ArrayNode arr = out.putArray("jobs");
    jobs.findAll(list).forEach(j -> arr.add(view(j)));
    ctx.status(200).contentType("application/json").result(Json.write(out));
  }

  void cancel(Context ctx) {
    String id = ctx.pathParam("id");
    Job before = jobs.find(id).orElseThrow(() -> notFound(id));
    if (before.status().isFinal()) {
      throw new RefusalException(
          new Refusal(
              Refusal.Kind.CONFLICT,
              "job "
                  + id
                  + " is already "
                  + before.status().apiName()
                  + "; only a queued or running job can be cancelled",
              "id",
              java.util.Map.of()));
    }
    Job after = jobs.cancel(id).orElseThrow(() -> notFound(id));
    ctx.status(202).contentType("application/json").result(Json.write(view(after)));
  }

  private static RefusalException notFound(String id) {
    return new RefusalException(Refusal.Kind.NOT_FOUND, "no job " + id);
  }

  private static JsonNode tree(byte[] body) throws IOException {
    JsonNode tree = TREE.readTree(body);
    if (tree == null || !tree.isObject()) {
      throw new InvalidRequestException("", "the body must be a JSON object");
    }
    return tree;
  }

  private static Optional<String> key(Context ctx) {
    String key = ctx.header(IDEMPOTENCY_KEY);
    if (key == null) {
      return Optional.empty();
    }
    if (key.isBlank() || key.length() > MAX_KEY || key.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidRequestException(
          IDEMPOTENCY_KEY, IDEMPOTENCY_KEY + " must be 1 to " + MAX_KEY + " printable characters");
    }
    return Optional.of(key);
  }

  private static JobService.Submission submission(JsonNode item, Optional<String> key, String at) {
    if (item == null || !item.isObject()) {
      throw new InvalidRequestException(
          at.isEmpty() ? "" : at.substring(0, at.length() - 1), at + "a job must be a JSON object");
    }
    for (var names = item.fieldNames(); names.hasNext(); ) {
      String n = names.next();
      if (!List.of("kind", "request", "callback_url").contains(n)) {
        throw new InvalidRequestException(
            at + n, at + "unknown field '" + n + "' (a job has kind, request and callback_url)");
      }
    }
    JsonNode kind = item.get("kind");
    JobKind k;
    if (kind == null || !kind.isTextual()) {
      throw new InvalidRequestException(at + "kind", at + "kind is missing: \"run\" or \"judge\"");
    }
    k =
        switch (kind.asText()) {
          case "run" -> JobKind.RUN;
          case "judge" -> JobKind.JUDGE;
          default ->
              throw new InvalidRequestException(
                  at + "kind",
                  at + "kind '" + kind.asText() + "' is neither \"run\" nor \"judge\"");
        };
    JsonNode request = item.get("request");
    if (request == null || !request.isObject()) {
      throw new InvalidRequestException(
          at + "request",
          at + "request must be the JSON body of /v1/" + (k == JobKind.RUN ? "runs" : "judge"));
    }
    JsonNode callback = item.get("callback_url");
    if (callback != null && !callback.isNull() && !callback.isTextual()) {
      throw new InvalidRequestException(at + "callback_url", at + "callback_url must be a string");
    }
    Optional<String> url =
        callback == null || callback.isNull() ? Optional.empty() : Optional.of(callback.asText());
    return new JobService.Submission(k, request.toString(), url, key);
  }

  /** What a submit answers: the job's id and status. */
  record Brief(String id, String status) {}

  private static Brief brief(Submitted s) {
    return switch (s) {
      case Submitted.Created c -> new Brief(c.job().id(), c.job().status().apiName());
      case Submitted.Existing e -> new Brief(e.job().id(), e.job().status().apiName());
      case Submitted.Conflict c ->
          throw new RefusalException(
              new Refusal(
                  Refusal.Kind.CONFLICT,
                  IDEMPOTENCY_KEY + " was used for job " + c.existingId() + " with another body",
                  IDEMPOTENCY_KEY,
                  java.util.Map.of()));
    };
  }

  /** A job as {@code GET /v1/jobs/{id}} shows it (and its callback delivers it). */
  static ObjectNode view(Job j) {
    ObjectNode o = TREE.createObjectNode();
    o.put("id", j.id());
    o.put("kind", j.kind().apiName());
    o.put("status", j.status().apiName());
    o.put("attempts", j.attempts());
    o.put("created_at", j.createdAt().toString());
    o.put("started_at", j.startedAt().map(Instant::toString).orElse(null));
    o.put("finished_at", j.finishedAt().map(Instant::toString).orElse(null));
    o.put("node", j.node().orElse(null));
    ObjectNode cb = o.putObject("callback");
    cb.put("url", j.callbackUrl().orElse(null));
    cb.put("state", j.callback().state());
    cb.put("attempts", j.callback().attempts());
    cb.put("last_error", j.callback().lastError().orElse(null));
    if (j.result().isPresent()) {
      try {
        o.set("result", TREE.readTree(j.result().get()));
      } catch (IOException e) {
        o.putNull("result");
      }
    } else {
      o.putNull("result");
    }
    o.put("error", j.error().orElse(null));
    return o;
  }
}
