package dev.runbox.http;

import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.WriteCallback;

/**
 * Sends a live run's messages on one WebSocket, one at a time, each within a bound: a client that
 * takes nothing for {@link #STALLED} while a message waits has stopped reading, and is cut off (its
 * connection dropped) so that its run can be stopped; a send never blocks longer than that.
 */
public final class WsSender {
  /** How long a message may wait for a client that takes nothing. */
  public static final Duration STALLED = Duration.ofSeconds(10);

  private final WsContext ctx;

  public WsSender(WsContext ctx) {
    this.ctx = ctx;
  }

  /** The client stopped reading, or went away. */
  public static final class ClientGone extends Exception {
    ClientGone(String why, Throwable cause) {
      super(why, cause, false, false);
    }
  }

  /**
   * Sends one text message and waits until the connection took it.
   *
   * @throws ClientGone when the client went away, or took nothing for {@link #STALLED} (the
   *     connection is then dropped)
   */
  public synchronized void send(String text) throws ClientGone {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    try {
      ctx.session
          .getRemote()
          .sendString(
              text,
              new WriteCallback() {
                @Override
                public void writeFailed(Throwable x) {
                  sent.completeExceptionally(x);
                }

                @Override
                public void writeSuccess() {
                  sent.complete(null);
                }
              });
      sent.get(STALLED.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      ctx.session.disconnect();
      throw new ClientGone("the client took nothing for " + STALLED.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      throw new ClientGone("sending failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientGone("interrupted while sending", e);
    } catch (RuntimeException e) {
      throw new ClientGone("sending failed: " + e, e);
    }
  }
}
