package dev.runbox.http.api;

import dev.runbox.core.Live;
import dev.runbox.core.LiveOutput;
import dev.runbox.core.RunResult;
import dev.runbox.core.RunService;
import dev.runbox.http.LiveMessages;
import dev.runbox.http.WsSender;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/runs} with {@code Accept: text/event-stream}: the run's output as server-sent
 * events as it is printed, and its result as the last event. Nothing is sent before the run is
 * admitted, so a run refused before that (capacity, say) gets the usual JSON error. A comment line
 * every few seconds finds a client that went away; its run is then stopped and its container
 * removed.
 */
final class RunStream implements LiveOutput {
  private static final Logger log = LoggerFactory.getLogger(RunStream.class);
  static final String MEDIA_TYPE = "text/event-stream";
  private static final long HEARTBEAT_MS = 2_000;

  private final Context ctx;
  private final RunService runs;
  private final RunService.Prepared prepared;
  private final ScheduledExecutorService timers;
  private final LiveText text = new LiveText(this::event);
  private final ReentrantLock writing = new ReentrantLock();

  /** When the write under way started (System.nanoTime), 0 when none is. */
  private volatile long writeStarted;

  private OutputStream body;
  private ScheduledFuture<?> heartbeat;
  private boolean gone;

  private RunStream(
      Context ctx, RunService runs, RunService.Prepared prepared, ScheduledExecutorService timers) {
    this.ctx = ctx;
    this.runs = runs;
    this.prepared = prepared;
    this.timers = timers;
  }

  /** Whether the client asked for the run as a stream of events. */
  static boolean wanted(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains(MEDIA_TYPE);
  }

  /** Runs the prepared job, streaming it; throws (for the usual error answer) until it starts. */
  static void serve(
      Context ctx, RunService runs, RunService.Prepared prepared, ScheduledExecutorService timers) {
    new RunStream(ctx, runs, prepared, timers).run();
  }

  private void run() {
    RunResult r;
    try {
      r = runs.run(prepared, Live.output(this));
    } catch (RuntimeException e) {
      if (!begun()) {
        throw e;
      }
      if (!isGone()) {
        event("error", LiveMessages.failure(e, "POST /v1/runs (stream)").json());
      }
      end();
      return;
    }
    text.flush();
    event("result", LiveMessages.result(RunResponse.of(r)));
    end();
  }

  @Override
  public void started(String runId) {
    synchronized (this) {
      ctx.status(200);
      ctx.res().setContentType(MEDIA_TYPE + ";charset=utf-8");
      ctx.res().setHeader("Cache-Control", "no-cache");
      ctx.res().setHeader("X-Accel-Buffering", "no");
      try {
        body = ctx.res().getOutputStream();
      } catch (IOException e) {
        gone(e);
        return;
      }
      // on a thread of its own, and skipped while another write waits: a write to a client that
      // does not read blocks, and the timer serves every stream
      heartbeat =
          timers.scheduleWithFixedDelay(
              () -> Thread.ofVirtual().start(this::heartbeat),
              HEARTBEAT_MS,
              HEARTBEAT_MS,
              TimeUnit.MILLISECONDS);
    }
    text.started(runId);
  }

  @Override
  public void output(Stream stream, byte[] chunk) {
    text.output(stream, chunk);
  }

  @Override
  public void cut(Stream stream) {
    text.cut(stream);
  }

  private synchronized boolean begun() {
    return body != null;
  }

  private synchronized boolean isGone() {
    return gone;
  }

  private void event(String name, String json) {
    write("event: " + name + "\ndata: " + json + "\n\n");
  }

  /**
   * A comment line, unless a write is under way; a write that has waited {@link WsSender#STALLED}
   * for a client that takes nothing means the client stopped reading: its run is stopped (the write
   * itself ends with the connection's idle timeout).
   */
  private void heartbeat() {
    if (writing.tryLock()) {
      try {
        write(": still running\n\n");
      } finally {
        writing.unlock();
      }
      return;
    }
    long since = writeStarted;
    if (since != 0 && System.nanoTime() - since > WsSender.STALLED.toNanos()) {
      gone(new IOException("the client took nothing for " + WsSender.STALLED.toSeconds() + " s"));
    }
  }

  private void write(String text) {
    writing.lock();
    try {
      OutputStream out;
      synchronized (this) {
        if (body == null || gone) {
          return;
        }
        out = body;
      }
      writeStarted = System.nanoTime();
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException | RuntimeException e) {
      gone(e);
    } finally {
      writeStarted = 0;
      writing.unlock();
    }
  }

  /** The client went away: the run is stopped, its container removed. */
  private synchronized void gone(Exception why) {
    if (gone) {
      return;
    }
    gone = true;
    log.info(
        "run {}: its event stream's client went away ({}); stopping it",
        prepared.runId(),
        why.toString());
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    runs.cancel(prepared.runId());
  }

  private synchronized void end() {
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    gone = true;
  }
}
