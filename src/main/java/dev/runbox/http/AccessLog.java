package dev.runbox.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line and one timer sample per request: method, path, status, milliseconds and run id. */
public final class AccessLog {
  private static final Logger log = LoggerFactory.getLogger("dev.runbox.http.access");
  private static final String RUN_ID = "runbox.run-id";
  private static final int MAX_PATH = 200;

  private final MeterRegistry registry;

  AccessLog(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Names the run a request started, for its log line. */
  public static void runId(Context ctx, String id) {
    ctx.attribute(RUN_ID, id);
  }

  void log(Context ctx, Float ms) {
    String runId = ctx.attribute(RUN_ID);
    int status = ctx.statusCode();
    log.info(
        "{} {} {} {}ms{}",
        ctx.method(),
        printable(ctx.path()),
        status,
        Math.round(ms),
        runId == null ? "" : " run=" + runId);
    Timer.builder("runbox.http.requests")
        .description("HTTP requests by method, route and status")
        .tag("method", ctx.method().name())
        .tag("route", route(ctx))
        .tag("status", Integer.toString(status))
        .register(registry)
        .record(Duration.ofNanos((long) (ms * 1_000_000)));
  }

  /** The route template, never the raw path, so the label values stay few. */
  private static String route(Context ctx) {
    try {
      String path = ctx.endpointHandlerPath();
      // Javalin answers a sentence rather than a path when nothing matched
      return path == null || !path.startsWith("/") ? "unmatched" : path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }

  /** The path as sent may hold control characters; keep log lines one line long and short. */
  static String printable(String path) {
    StringBuilder b = new StringBuilder();
    path.codePoints()
        .limit(MAX_PATH)
        .forEach(
            cp ->
                b.append(
                    cp < 0x20 || cp == 0x7f
                        ? String.format("%%%02X", cp)
                        : Character.toString(cp)));
    return path.length() > MAX_PATH ? b + "..." : b.toString();
  }
}
