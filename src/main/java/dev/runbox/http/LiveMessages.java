package dev.runbox.http;

import dev.runbox.core.LiveOutput;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages of runbox's live runs, each one JSON object with a {@code type}: the WebSocket's
 * text frames and the server-sent events' data (docs/api.md, "Live runs").
 */
public final class LiveMessages {
  private LiveMessages() {}

  /** A refusal as a live client gets it: the message and the WebSocket close code. */
  public record Failure(String json, int status, String reason) {
    /** 4000 + the HTTP status the same refusal has. */
    public int closeCode() {
      return 4000 + status;
    }
  }

  public static String started(String runId) {
    return object("started", Map.of("id", runId));
  }

  public static String output(LiveOutput.Stream stream, String text) {
    return object(stream.wireName(), Map.of("data", text));
  }

  public static String cut(LiveOutput.Stream stream) {
    return object("cut", Map.of("stream", stream.wireName()));
  }

  public static String result(Object result) {
    return object("result", Map.of("result", result));
  }

  /** The exception as a problem, as the same failure of an HTTP request would answer it. */
  public static Failure failure(Exception e, String where) {
    return failure(Refusal.of(e, where));
  }

  /**
   * The refusal as an {@code error} message: its status, its problem and, when it says when to try
   * again (at capacity, say), {@code retry_after_s} as the {@code Retry-After} header would.
   */
  public static Failure failure(Refusal r) {
    Problem p = Problem.of(r);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("status", p.status());
    fields.put("problem", p);
    String retry = r.headers().get("Retry-After");
    if (retry != null) {
      fields.put("retry_after_s", Long.parseLong(retry));
    }
    return new Failure(object("error", fields), p.status(), p.title());
  }

  private static String object(String type, Map<String, Object> fields) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.putAll(fields);
    return new String(Json.write(m), StandardCharsets.UTF_8);
  }
}
