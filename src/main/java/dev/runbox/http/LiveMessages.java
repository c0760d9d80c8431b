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
    return failure(Refusal.ofLive(e, where));
  }

  public static Failure failure(Refusal r) {
    Problem p = Problem.of(r);
    return new Failure(
        object("error", Map.of("status", p.status(), "problem", p)), p.status(), p.title());
  }

  private static String object(String type, Map<String, Object> fields) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.putAll(fields);
    return new String(Json.write(m), StandardCharsets.UTF_8);
  }
}
