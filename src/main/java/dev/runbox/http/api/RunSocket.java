package dev.runbox.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Live;
import dev.runbox.core.LiveInput;
import dev.runbox.core.RunResult;
import dev.runbox.core.RunService;
import dev.runbox.http.Json;
import dev.runbox.http.LiveMessages;
import dev.runbox.http.Refusal;
import dev.runbox.http.RefusalException;
import dev.runbox.http.WsSender;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsErrorContext;
import io.javalin.websocket.WsMessageContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/runs/connect}: an interactive run over a WebSocket, in runbox's own small protocol
 * (docs/api.md, "Live runs"): a {@code start} with the body of {@code POST /v1/runs}, then stdin,
 * end of stdin and signals from the client while output comes back as it is printed, and the run's
 * result last. A client that goes away has its run stopped and its container removed.
 */
final class RunSocket {
  private static final Logger log = LoggerFactory.getLogger(RunSocket.class);
  static final String PATH = "/v1/runs/connect";

  /** How long a connection may wait before its {@code start}. */
  static final Duration START_WITHIN = Duration.ofSeconds(5);

  private final RunService runs;
  private final long maxBodyBytes;
  private final ScheduledExecutorService timers;
  private final Map<String, Connection> open = new ConcurrentHashMap<>();

  RunSocket(RunService runs, long maxBodyBytes, ScheduledExecutorService timers) {
    this.runs = runs;
    this.maxBodyBytes = maxBodyBytes;
    this.timers = timers;
  }

  void configure(WsConfig ws) {
    ws.onConnect(
        ctx -> {
          Connection c = new Connection(ctx);
          open.put(ctx.sessionId(), c);
          // on a thread of its own: a send to a client that does not read blocks
          timers.schedule(
              () -> Thread.ofVirtual().start(c::startTimedOut),
              START_WITHIN.toMillis(),
              TimeUnit.MILLISECONDS);
        });
    ws.onMessage(this::message);
    ws.onClose(this::closed);
    ws.onError(this::failed);
  }

  private void message(WsMessageContext ctx) {
    Connection c = open.get(ctx.sessionId());
    if (c != null) {
      c.message(ctx.message());
    }
  }

  private void closed(WsCloseContext ctx) {
    Connection c = open.remove(ctx.sessionId());
    if (c != null) {
      c.gone();
    }
  }

  private void failed(WsErrorContext ctx) {
    Connection c = open.remove(ctx.sessionId());
    if (c != null) {
      c.gone();
    }
  }

  /** One client's connection and its run. */
  private final class Connection {
    private final WsContext ctx;
    private final WsSender sender;
    private final LiveText text = new LiveText((type, json) -> send(json));
    private final Object sending = new Object();
    private LiveInput input;
    private String runId;
    private boolean startSeen;
    private boolean over;

    Connection(WsContext ctx) {
      this.ctx = ctx;
      this.sender = new WsSender(ctx);
    }

    void startTimedOut() {
      synchronized (this) {
        if (startSeen || over) {
          return;
        }
      }
      fail(
          new Refusal(
              Refusal.Kind.INVALID_REQUEST,
              "no start message within " + START_WITHIN.toSeconds() + " s",
              "",
              Map.of()),
          4408);
    }

    void message(String text) {
      try {
        JsonNode m = Json.tree(text.getBytes(StandardCharsets.UTF_8));
        String type = m.path("type").asText("");
        switch (type) {
          case "start" -> start(m.path("run"));
          case "stdin" -> input().write(m.path("data").asText("").getBytes(StandardCharsets.UTF_8));
          case "eof" -> input().endInput();
          case "signal" -> input().signal(m.path("signal").asText(""));
          default ->
              throw new InvalidRequestException(
                  "type",
                  "type must be start, stdin, eof or signal" + (type.isEmpty() ? "" : ": " + type));
        }
      } catch (InvalidRequestException e) {
        fail(
            "stdin".equals(e.field())
                ? new Refusal(Refusal.Kind.TOO_LARGE, e.getMessage(), "stdin", Map.of())
                : Refusal.of(e, "WS " + PATH),
            0);
      } catch (Exception e) {
        fail(LiveMessages.failure(e, "WS " + PATH), 0);
      }
    }

    private synchronized LiveInput input() {
      if (input == null) {
        throw new InvalidRequestException("type", "send a start message first");
      }
      return input;
    }

    private void start(JsonNode run) throws IOException {
      RunService.Prepared prepared;
      LiveInput in;
      synchronized (this) {
        if (startSeen) {
          throw new RefusalException(
              Refusal.Kind.CONFLICT, "a run was already started on this connection");
        }
        startSeen = true;
        if (!run.isObject()) {
          throw new InvalidRequestException("run", "start needs run: the body of POST /v1/runs");
        }
        RunBody body = Json.read(run, RunBody.class);
        prepared = runs.prepare(RunBodies.toRequest(body));
        in = new LiveInput(maxBodyBytes);
        in.write(prepared.job().stdin());
        input = in;
        runId = prepared.runId();
      }
      Thread.ofVirtual().name("run-socket-" + prepared.runId()).start(() -> runToEnd(prepared, in));
    }

    private void runToEnd(RunService.Prepared prepared, LiveInput in) {
      try {
        RunResult r = runs.run(prepared, Live.interactive(in, text));
        text.flush();
        send(LiveMessages.result(RunResponse.of(r)));
        close(1000, "run complete");
      } catch (RuntimeException e) {
        if (isOver()) {
          log.debug("run {} ended after its client went away: {}", prepared.runId(), e.toString());
          return;
        }
        fail(LiveMessages.failure(e, "WS " + PATH), 0);
      }
    }

    private void fail(Refusal r, int code) {
      fail(LiveMessages.failure(r), code);
    }

    private void fail(LiveMessages.Failure f, int code) {
      send(f.json());
      close(code == 0 ? f.closeCode() : code, f.reason());
    }

    private synchronized boolean isOver() {
      return over;
    }

    private void send(String json) {
      synchronized (sending) {
        if (isOver()) {
          return;
        }
        try {
          sender.send(json);
        } catch (WsSender.ClientGone e) {
          log.debug("live client gone while sending: {}", e.getMessage());
          gone();
        }
      }
    }

    private void close(int code, String reason) {
      synchronized (this) {
        if (over) {
          return;
        }
        over = true;
      }
      try {
        ctx.closeSession(code, reason);
      } catch (RuntimeException e) {
        log.debug("closing a live socket failed: {}", e.toString());
      }
      open.remove(ctx.sessionId());
    }

    /** The client went away: its run (if any) is stopped, its container removed. */
    void gone() {
      String stop;
      synchronized (this) {
        if (over) {
          return;
        }
        over = true;
        stop = runId;
      }
      if (stop != null) {
        log.info("run {}: its live client went away; stopping it", stop);
        runs.cancel(stop);
      }
    }
  }
}
