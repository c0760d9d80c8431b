package dev.runbox.http.judge0;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.jobs.Job;
import dev.runbox.core.jobs.JobKind;
import dev.runbox.core.jobs.JobService;
import dev.runbox.core.judge.JudgeService;
import dev.runbox.http.ApiHandler;
import dev.runbox.http.Bodies;
import dev.runbox.http.ImageDescriptions;
import dev.runbox.http.Json;
import dev.runbox.http.JsonObjects;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRouting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Drop-in compatibility with Judge0 CE 1.13.1's API on runbox's port: its languages (the ids of the
 * manifests' {@code aliases.judge0}), statuses, configuration, and submissions, each a runbox judge
 * job. Its bodies follow Judge0's API, not runbox's OpenAPI document; docs/api.md describes them.
 * Errors are Judge0's: {@code {"error": ...}}, and {@code {"field": ["message"]}} (422) for a
 * submission that does not validate.
 */
public final class Judge0Api {
  /** Every path served here. */
  public static final List<String> PATHS =
      List.of(
          "/languages",
          "/languages/all",
          "/languages/{id}",
          "/statuses",
          "/about",
          "/version",
          "/config_info",
          "/system_info",
          "/workers",
          "/statistics",
          "/license",
          "/authenticate",
          "/authorize",
          "/submissions",
          "/submissions/batch",
          "/submissions/{token}");

  /**
   * Whether a request path is one of {@link #PATHS}: a path of one segment as listed, or under
   * {@code /languages/} or {@code /submissions/}.
   */
  public static boolean serves(String path) {
    for (String p : PATHS) {
      int second = p.indexOf('/', 1);
      if (second < 0 ? path.equals(p) : path.startsWith(p.substring(0, second + 1))) {
        return true;
      }
    }
    return false;
  }

  /** The version of Judge0 CE whose API this is: clients pick their language table by it. */
  static final String VERSION = "1.13.1";

  /** How long {@code wait=true} waits for a result before answering with the submission as is. */
  static final Duration MAX_WAIT = Duration.ofSeconds(120);

  private static final Duration POLL = Duration.ofMillis(50);

  /** Judge0's page size ({@code Submission.per_page}), and the largest one runbox serves. */
  static final int PER_PAGE = 20;

  static final int MAX_PER_PAGE = 100;
  private static final Instant END_OF_TIME = Instant.parse("9999-01-01T00:00:00Z");
  private static final String NOT_UTF8 =
      "some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true"
          + " query parameter";
  private static final String NOT_UTF8_MANY =
      "some attributes for one or more submissions cannot be converted to UTF-8, use"
          + " base64_encoded=true query parameter";

  private final Judge0Languages languages;
  private final Judge0Limits limits;
  private final Optional<JobService> jobs;
  private final Optional<Judge0Submissions> submissions;
  private final long maxBodyBytes;
  private final Judge0Auth auth;
  private final JobService.Callbacks callbacks;
  private final Optional<Judge0Statistics> statistics;

  /**
   * @param tokens runbox's API tokens: Judge0's {@code X-Auth-Token} (and {@code X-Auth-User} for
   *     the privileged routes) must carry one when any are configured
   * @param signalsAsNzec shows a signalled program as Judge0 1.13.1 actually reports it (NZEC with
   *     128 + the signal)
   */
  public Judge0Api(
      Optional<JobService> jobs,
      JudgeService judges,
      ImageDescriptions catalog,
      long maxBodyBytes,
      List<String> tokens,
      boolean signalsAsNzec) {
    this.auth = new Judge0Auth(tokens);
    this.languages = new Judge0Languages(catalog.manifests());
    this.limits = Judge0Limits.under(judges.policy().runs());
    this.jobs = jobs;
    this.submissions = jobs.map(j -> new Judge0Submissions(j, languages, signalsAsNzec));
    this.callbacks = jobs.map(JobService::callbacks).orElse(JobService.Callbacks.OFF);
    this.statistics =
        jobs.map(
            j ->
                new Judge0Statistics(
                    j, job -> views(submissions.orElseThrow(), job), languages, Clock.systemUTC()));
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * The body of a Judge0 submission's callback, as Judge0 PUTs it (the default fields, Base64), for
   * the job delivery; empty for a job that is no Judge0 submission.
   */
  public static Function<Job, Optional<byte[]>> callbackBodies(
      ImageDescriptions catalog, boolean signalsAsNzec) {
    Judge0Languages languages = new Judge0Languages(catalog.manifests());
    return job -> Judge0Submissions.callbackBody(job, languages, signalsAsNzec);
  }

  /**
   * Registers the routes, each behind Judge0's CORS headers and authentication ({@link
   * Judge0Auth}); a CORS preflight is answered before any token check, as rack-cors does.
   */
  public void mount(JavalinDefaultRouting r) {
    r.exception(Judge0Auth.Denied.class, (e, ctx) -> ctx.status(e.status()).result(""));
    Set<String> patterns = new LinkedHashSet<>();
    for (String p : PATHS) {
      int second = p.indexOf('/', 1);
      patterns.add(second < 0 ? p : p.substring(0, second) + "/*");
      r.options(p, Judge0Cors::options);
    }
    for (String p : patterns) {
      r.before(p, Judge0Cors::headers);
      r.before(
          p,
          ctx -> {
            if (!Judge0Cors.preflight(ctx)) {
              auth.authenticate(ctx);
            }
          });
    }
    r.get("/languages", route(ctx -> Json.respond(ctx, 200, languages.active())));
    r.get("/languages/all", route(ctx -> Json.respond(ctx, 200, languages.all())));
    r.get("/languages/{id}", route(this::language));
    r.get("/statuses", route(ctx -> Json.respond(ctx, 200, Judge0Status.all())));
    r.get("/about", route(ctx -> Json.respond(ctx, 200, about())));
    r.get("/version", route(ctx -> text(ctx, VERSION)));
    r.get(
        "/config_info",
        route(
            ctx ->
                Json.respond(
                    ctx,
                    200,
                    limits.configInfo(
                        callbacks.enabled(),
                        callbacks.maxAttempts(),
                        callbacks.attemptTimeout().toMillis() / 1000.0))));
    r.get("/system_info", route(ctx -> Json.respond(ctx, 200, Judge0Info.system())));
    r.get("/workers", route(ctx -> Json.respond(ctx, 200, Judge0Info.workers(jobs))));
    r.get("/license", route(ctx -> text(ctx, Judge0Info.LICENSE)));
    r.get("/statistics", route(this::statistics));
    r.post("/authenticate", route(ctx -> ctx.status(200).result("")));
    r.post(
        "/authorize",
        route(
            ctx -> {
              auth.authorize(ctx);
              ctx.status(200).result("");
            }));
    r.post("/submissions/batch", route(this::batchCreate));
    r.get("/submissions/batch", route(this::batchShow));
    r.post("/submissions", route(this::create));
    r.get("/submissions", route(this::index));
    r.get("/submissions/{token}", route(this::show));
    r.delete("/submissions/{token}", route(this::delete));
  }

  private static void text(Context ctx, String body) {
    ctx.status(200).contentType("text/plain; charset=utf-8").result(body);
  }

  /** A route answering refusals in Judge0's shapes. */
  private static Handler route(Handler h) {
    return new ApiHandler(
        ctx -> {
          try {
            h.handle(ctx);
          } catch (Judge0Refusal r) {
            Json.respond(ctx, r.status(), r.body());
          } catch (Judge0Auth.Denied d) {
            ctx.status(d.status()).result("");
          }
        },
        (ctx, message) -> Map.of("error", message));
  }

  private static Map<String, String> about() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("version", VERSION);
    a.put("homepage", "https://judge0.com");
    a.put("source_code", "https://github.com/judge0/judge0");
    a.put("maintainer", "runbox: a Judge0 CE " + VERSION + " compatible API");
    return a;
  }

  private void language(Context ctx) {
    Optional<Judge0Languages.Language> l = Optional.empty();
    try {
      l = languages.find(Integer.parseInt(ctx.pathParam("id")));
    } catch (NumberFormatException e) {
      // not a number: no such language
    }
    Json.respond(ctx, l.isPresent() ? 200 : 404, l.isPresent() ? l.get().details() : notFound());
  }

  private static Map<String, Object> notFound() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", 404);
    m.put("error", "Not Found");
    return m;
  }

  private Judge0Submissions submissions() {
    return submissions.orElseThrow(
        () ->
            Judge0Refusal.error(
                503,
                "submissions are runbox jobs and the async API is off on this node"
                    + " (jobs_url=off)"));
  }

  private static boolean flag(Context ctx, String name) {
    return "true".equals(ctx.queryParam(name));
  }

  private void create(Context ctx) {
    Judge0Submissions store = submissions();
    boolean wait = flag(ctx, "wait");
    List<String> fields = Judge0Fields.select(ctx.queryParam("fields"));
    boolean base64 = flag(ctx, "base64_encoded");
    JsonNode body = JsonObjects.object(Bodies.read(ctx, maxBodyBytes));
    SubmissionForm.Submission s =
        SubmissionForm.read(body, ctx::queryParam, base64, languages, limits, callbacks.enabled());
    String token = store.create(s);
    if (!wait) {
      Json.respond(ctx, 201, Map.of("token", token));
      return;
    }
    Map<String, Object> view = awaitResult(store, token);
    try {
      Json.respond(ctx, 201, Judge0Submissions.render(view, fields, base64));
    } catch (Judge0Submissions.NotUtf8 e) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("error", NOT_UTF8);
      m.put("token", token);
      Json.respond(ctx, 201, m);
    }
  }

  /** The submission once its status is final, or as it is when {@link #MAX_WAIT} is up. */
  private static Map<String, Object> awaitResult(Judge0Submissions store, String token) {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    while (true) {
      Map<String, Object> view =
          store.find(token).orElseThrow(() -> Judge0Refusal.error(500, "the submission vanished"));
      if ((int) view.get("status_id") > Judge0Status.PROCESSING.id()
          || System.nanoTime() > deadline) {
        return view;
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return view;
      }
    }
  }

  /**
   * {@code GET /submissions}: a page of the submissions, newest first, with will_paginate's {@code
   * meta}; it needs authorization, as in Judge0. {@code page} and {@code per_page} are read as
   * Ruby's {@code to_i} reads them; {@code per_page} is at most {@link #MAX_PER_PAGE} here (Judge0
   * has no bound; 0, which fails in Judge0, is refused too).
   */
  private void index(Context ctx) {
    auth.authorize(ctx);
    Judge0Submissions store = submissions();
    List<String> fields = Judge0Fields.select(ctx.queryParam("fields"));
    boolean base64 = flag(ctx, "base64_encoded");
    long page = rubyInteger(ctx.queryParam("page"), 1);
    long perPage = rubyInteger(ctx.queryParam("per_page"), PER_PAGE);
    if (page <= 0) {
      throw Judge0Refusal.error(400, "invalid page: " + page);
    }
    if (perPage <= 0 || perPage > MAX_PER_PAGE) {
      throw Judge0Refusal.error(400, "invalid per_page: " + perPage);
    }
    JobService jobs = this.jobs.orElseThrow();
    long total = jobs.count(JobKind.JUDGE0, Instant.EPOCH, END_OF_TIME);
    long offset = (page - 1) * perPage;
    List<Job> found =
        offset >= total || page > Long.MAX_VALUE / perPage
            ? List.of()
            : jobs.newest(JobKind.JUDGE0, offset, (int) perPage);
    List<Map<String, Object>> out = new ArrayList<>();
    try {
      for (Job job : found) {
        for (Map<String, Object> v : views(store, job)) {
          out.add(Judge0Submissions.render(v, fields, base64));
        }
      }
    } catch (Judge0Submissions.NotUtf8 e) {
      throw Judge0Refusal.error(400, NOT_UTF8_MANY);
    }
    long totalPages = total == 0 ? 1 : (total + perPage - 1) / perPage;
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("current_page", page);
    meta.put("next_page", page < totalPages ? page + 1 : null);
    meta.put("prev_page", page > 1 ? page - 1 : null);
    meta.put("total_pages", totalPages);
    meta.put("total_count", total);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("submissions", out);
    body.put("meta", meta);
    Json.respond(ctx, 200, body);
  }

  /** The Judge0 submissions a job holds. */
  private static List<Map<String, Object>> views(Judge0Submissions store, Job job) {
    return store.views(job);
  }

  /**
   * A query parameter as Ruby's {@code String#to_i} reads it (leading blanks, a sign, the digits
   * that follow; anything else 0), or {@code absent} when it is not given; saturated at the ends of
   * {@code long}.
   */
  static long rubyInteger(String value, long absent) {
    if (value == null) {
      return absent;
    }
    int i = 0;
    while (i < value.length() && Character.isWhitespace(value.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < value.length() && (value.charAt(i) == '-' || value.charAt(i) == '+')) {
      negative = value.charAt(i) == '-';
      i++;
    }
    long n = 0;
    boolean digit = false;
    for (; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '_' && digit && i + 1 < value.length() && Character.isDigit(value.charAt(i + 1))) {
        continue;
      }
      if (c < '0' || c > '9') {
        break;
      }
      digit = true;
      n = n > (Long.MAX_VALUE - (c - '0')) / 10 ? Long.MAX_VALUE : n * 10 + (c - '0');
    }
    return negative ? -n : n;
  }

  /**
   * {@code GET /statistics}: Judge0's shape and ten-minute cache ({@code invalidate_cache=true}
   * computes it again); see {@link Judge0Statistics}.
   */
  private void statistics(Context ctx) {
    submissions();
    Json.respond(
        ctx, 200, statistics.orElseThrow().get("true".equals(ctx.queryParam("invalidate_cache"))));
  }

  private void show(Context ctx) {
    Judge0Submissions store = submissions();
    List<String> fields = Judge0Fields.select(ctx.queryParam("fields"));
    boolean base64 = flag(ctx, "base64_encoded");
    Optional<Map<String, Object>> view = store.find(ctx.pathParam("token"));
    if (view.isEmpty()) {
      Json.respond(ctx, 404, notFound());
      return;
    }
    try {
      Json.respond(ctx, 200, Judge0Submissions.render(view.get(), fields, base64));
    } catch (Judge0Submissions.NotUtf8 e) {
      throw Judge0Refusal.error(400, NOT_UTF8);
    }
  }

  /**
   * Judge0 deletes nothing unless configured to ({@code enable_submission_delete}); nor does
   * runbox. As in Judge0, the route needs authorization first.
   */
  private void delete(Context ctx) {
    auth.authorize(ctx);
    submissions();
    throw Judge0Refusal.error(400, "delete not allowed");
  }

  private static void checkBatchSize(int n) {
    if (n > Judge0Limits.MAX_BATCH) {
      throw Judge0Refusal.error(
          400,
          "number of submissions in a batch should be less than or equal to "
              + Judge0Limits.MAX_BATCH);
    }
    if (n == 0) {
      throw Judge0Refusal.error(400, "there should be at least one submission in a batch");
    }
  }

  private void batchCreate(Context ctx) {
    Judge0Submissions store = submissions();
    boolean base64 = flag(ctx, "base64_encoded");
    JsonNode items = JsonObjects.object(Bodies.read(ctx, maxBodyBytes)).path("submissions");
    checkBatchSize(items.isArray() ? items.size() : 0);
    Object[] answers = new Object[items.size()];
    List<SubmissionForm.Submission> valid = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      try {
        if (!item.isObject()) {
          throw Judge0Refusal.invalid(
              Map.of(
                  "source_code", List.of("can't be blank"),
                  "language_id", List.of("can't be blank")));
        }
        valid.add(
            SubmissionForm.read(
                item, name -> null, base64, languages, limits, callbacks.enabled()));
        at.add(i);
      } catch (Judge0Refusal r) {
        answers[i] = r.body();
      }
    }
    boolean saved = false;
    List<Judge0Submissions.Stored> stored = store.createAll(valid);
    for (int k = 0; k < stored.size(); k++) {
      answers[at.get(k)] = stored.get(k).answer();
      saved |= stored.get(k).refusal() == null;
    }
    Json.respond(ctx, saved ? 201 : 422, Arrays.asList(answers));
  }

  private void batchShow(Context ctx) {
    Judge0Submissions store = submissions();
    List<String> fields = Judge0Fields.select(ctx.queryParam("fields"));
    boolean base64 = flag(ctx, "base64_encoded");
    String header = ctx.header("tokens");
    String tokens =
        (header != null ? header : Optional.ofNullable(ctx.queryParam("tokens")).orElse(""))
            .strip();
    List<String> list = tokens.isEmpty() ? List.of() : Arrays.asList(tokens.split(","));
    checkBatchSize(list.size());
    List<Map<String, Object>> out = new ArrayList<>();
    try {
      for (Map<String, Object> view : store.findAll(list)) {
        out.add(view == null ? null : Judge0Submissions.render(view, fields, base64));
      }
    } catch (Judge0Submissions.NotUtf8 e) {
      throw Judge0Refusal.error(400, NOT_UTF8_MANY);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("submissions", out);
    Json.respond(ctx, 200, body);
  }
}
