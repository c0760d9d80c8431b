package dev.runbox.http.piston;

import dev.runbox.core.RunService;
import dev.runbox.http.WsSender;
import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRouting;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Piston's interactive endpoint, {@code /api/v2/connect}: a WebSocket per job, speaking Piston's
 * messages ({@code init}, {@code runtime}, {@code stage}, {@code data}, {@code signal}, {@code
 * exit}, {@code error}) and close codes. Each socket is a {@link PistonConnection}; its job runs on
 * a virtual thread of its own, never on the socket's message thread.
 */
final class PistonConnect {
  static final String PATH = "/api/v2/connect";

  private final RunService runs;
  private final PistonExecutor executor;
  private final long maxMessageBytes;
  private final Map<String, PistonConnection> open = new ConcurrentHashMap<>();

  /**
   * @param maxMessageBytes the largest message a client may send (an {@code init} carries the
   *     files), and the most stdin bytes a run may be sent in all
   */
  PistonConnect(RunService runs, PistonExecutor executor, long maxMessageBytes) {
    this.runs = runs;
    this.executor = executor;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Registers the endpoint; {@code guard} runs before the upgrade, so a refusal is plain HTTP. */
  void mount(JavalinDefaultRouting r, Handler guard) {
    r.wsBeforeUpgrade(PATH, guard);
    r.ws(
        PATH,
        ws -> {
          ws.onConnect(
              ctx -> {
                ctx.session.setMaxTextMessageSize(maxMessageBytes);
                PistonConnection c =
                    new PistonConnection(new JettySocket(ctx), runs, executor, maxMessageBytes);
                open.put(ctx.sessionId(), c);
                c.opened();
              });
          ws.onMessage(
              ctx -> {
                PistonConnection c = open.get(ctx.sessionId());
                if (c != null) {
                  c.message(ctx.message());
                }
              });
          ws.onBinaryMessage(
              ctx -> {
                PistonConnection c = open.get(ctx.sessionId());
                if (c != null) {
                  c.message(new String(ctx.data(), java.nio.charset.StandardCharsets.UTF_8));
                }
              });
          ws.onClose(
              ctx -> {
                PistonConnection c = open.remove(ctx.sessionId());
                if (c != null) {
                  c.closed();
                }
              });
          ws.onError(
              ctx -> {
                PistonConnection c = open.remove(ctx.sessionId());
                if (c != null) {
                  c.closed();
                }
              });
        });
  }

  /** The socket as Javalin gives it: a blocking send, and a close with a code and reason. */
  private record JettySocket(WsContext ctx, WsSender sender) implements PistonConnection.Socket {
    JettySocket(WsContext ctx) {
      this(ctx, new WsSender(ctx));
    }

    /** Fails (unchecked, as a closed socket's send does) when the client stopped reading. */
    @Override
    public void send(String text) {
      try {
        sender.send(text);
      } catch (WsSender.ClientGone e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }

    @Override
    public void close(int code, String reason) {
      ctx.closeSession(code, reason);
    }
  }
}
