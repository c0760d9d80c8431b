package dev.runbox.http.piston;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.core.CapacityExceededException;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Live;
import dev.runbox.core.LiveInput;
import dev.runbox.core.LiveOutput;
import dev.runbox.core.RunService;
import dev.runbox.core.SandboxUnavailableException;
import dev.runbox.http.Json;
import dev.runbox.http.JsonObjects;
import dev.runbox.http.RefusalException;
import dev.runbox.http.Utf8Chunks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of {@code /api/v2/connect}, as Piston serves it: an {@code init} within a second
 * starts one job on a virtual thread of its own, which reports its runtime, each stage, the stage's
 * output as {@code data} and its {@code exit}, then closes the socket with 4999. The run stage is
 * interactive: {@code data} on {@code stdin} is written to the program (it waits if the run has not
 * started yet) and {@code signal} reaches the stage that runs (the compile stage gets signals too,
 * and an empty stdin). Sends are serialised per socket and block while the client reads slowly,
 * which holds the program's output back rather than buffering it. The socket's message thread never
 * sends: a close it decides is sent from a virtual thread. A client that goes away mid-run has its
 * run cancelled, so its container is removed.
 */
final class PistonConnection {
  private static final Logger log = LoggerFactory.getLogger(PistonConnection.class);

  /** How long a client has to send {@code init}, as in Piston. */
  static final Duration INIT_TIMEOUT = Duration.ofSeconds(1);

  /** The most characters of an error message sent. */
  private static final int MAX_MESSAGE = 500;

  /** Where messages go: a blocking send, and a close with a code and reason. */
  interface Socket {
    void send(String text);

    void close(int code, String reason);
  }

  /** Piston's close codes. */
  enum Close {
    ALREADY_INITIALIZED(4000, "Already Initialized"),
    INITIALIZATION_TIMEOUT(4001, "Initialization Timeout"),
    NOTIFIED_ERROR(4002, "Notified Error"),
    NOT_YET_INITIALIZED(4003, "Not yet initialized"),
    ONLY_STDIN(4004, "Can only write to stdin"),
    INVALID_SIGNAL(4005, "Invalid signal"),
    JOB_COMPLETED(4999, "Job Completed");

    final int code;
    final String reason;

    Close(int code, String reason) {
      this.code = code;
      this.reason = reason;
    }
  }

  record Runtime(
      @JsonProperty("type") String type,
      @JsonProperty("language") String language,
      @JsonProperty("version") String version) {}

  record StageMessage(@JsonProperty("type") String type, @JsonProperty("stage") String stage) {}

  record Data(
      @JsonProperty("type") String type,
      @JsonProperty("stream") String stream,
      @JsonProperty("data") String data) {}

  /** A stage's end: its exit code, or null and the signal that killed it. */
  record Exit(
      @JsonProperty("type") String type,
      @JsonProperty("stage") String stage,
      @JsonProperty("code") Integer code,
      @JsonProperty("signal") String signal) {
    static Exit of(String stage, PistonResult.Stage s) {
      return new Exit("exit", stage, s.signal() == null ? s.code() : null, s.signal());
    }
  }

  record Error(@JsonProperty("type") String type, @JsonProperty("message") String message) {}

  /** The job was stopped because its client went away or the socket was closed. */
  private static final class Gone extends RuntimeException {
    Gone() {
      super("the client went away", null, false, false);
    }
  }

  private final Socket socket;
  private final RunService runs;
  private final PistonExecutor executor;
  private final LiveInput runInput;
  private final CountDownLatch initialised = new CountDownLatch(1);
  private final Object sending = new Object();

  /** The close decided, by whichever side decided first; nothing but its error is sent after. */
  private final AtomicReference<Close> closing = new AtomicReference<>();

  // guarded by this
  private boolean initReceived;
  private boolean closed;
  private LiveInput signals;
  private String runId;

  // set under sending (but for the socket's own close), read under it before each send
  private volatile boolean socketClosed;

  PistonConnection(Socket socket, RunService runs, PistonExecutor executor, long maxStdinBytes) {
    this.socket = socket;
    this.runs = runs;
    this.executor = executor;
    this.runInput = new LiveInput(maxStdinBytes);
    this.signals = runInput;
  }

  /** The socket opened: without an {@code init} within {@link #INIT_TIMEOUT} it is closed. */
  void opened() {
    Thread.ofVirtual().name("piston-connect-init").start(this::closeUnlessInitialised);
  }

  private void closeUnlessInitialised() {
    try {
      if (initialised.await(INIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (initReceived) {
        return;
      }
    }
    close(Close.INITIALIZATION_TIMEOUT);
  }

  /** A message from the client, on the socket's thread: acts on it without sending anything. */
  void message(String text) {
    if (closing.get() != null) {
      return;
    }
    try {
      JsonNode msg = JsonObjects.object(text.getBytes(StandardCharsets.UTF_8));
      JsonNode type = msg.get("type");
      switch (type != null && type.isTextual() ? type.asText() : "") {
        case "init" -> init(msg);
        case "data" -> data(msg);
        case "signal" -> signal(msg);
        default -> {
          // Piston ignores other messages once a job runs
          if (!initialised()) {
            closeLater(Close.NOT_YET_INITIALIZED);
          }
        }
      }
    } catch (RuntimeException e) {
      failLater(e);
    }
  }

  private synchronized boolean initialised() {
    return initReceived;
  }

  private void init(JsonNode msg) {
    synchronized (this) {
      if (initReceived) {
        closeLater(Close.ALREADY_INITIALIZED);
        return;
      }
      initReceived = true;
    }
    initialised.countDown();
    Thread.ofVirtual().name("piston-connect-job").start(() -> job(msg));
  }

  private void data(JsonNode msg) {
    if (!initialised()) {
      closeLater(Close.NOT_YET_INITIALIZED);
      return;
    }
    JsonNode stream = msg.get("stream");
    if (stream == null || !"stdin".equals(stream.asText())) {
      closeLater(Close.ONLY_STDIN);
      return;
    }
    runInput.write(JsonObjects.text(msg, "data").orElse("").getBytes(StandardCharsets.UTF_8));
  }

  private void signal(JsonNode msg) {
    if (!initialised()) {
      closeLater(Close.NOT_YET_INITIALIZED);
      return;
    }
    JsonNode name = msg.get("signal");
    if (name == null || !name.isTextual() || !LiveInput.SIGNALS.contains(name.asText())) {
      closeLater(Close.INVALID_SIGNAL);
      return;
    }
    LiveInput to;
    synchronized (this) {
      to = signals;
    }
    to.signal(name.asText());
  }

  /** The socket closed (by either side) or failed: the job stops, its run is cancelled. */
  void closed() {
    socketClosed = true;
    stop();
  }

  /** Marks the job stopped and cancels the run in flight, if any. */
  private void stop() {
    String cancel;
    synchronized (this) {
      closed = true;
      cancel = runId;
      runId = null;
    }
    if (cancel != null) {
      log.debug("cancelling run {}: its socket closed", cancel);
      runs.cancel(cancel);
    }
  }

  private void job(JsonNode init) {
    try {
      PistonResult result = executor.run(executor.request(init), new byte[0], new Events());
      result.stopped().ifPresentOrElse(this::notifyError, () -> close(Close.JOB_COMPLETED));
    } catch (Gone e) {
      log.debug("job stopped: its client went away");
    } catch (RuntimeException e) {
      if (isClosed()) {
        log.debug("job stopped: its client went away ({})", e.toString());
      } else {
        notifyError(message(e));
      }
    } finally {
      runInput.finish();
    }
  }

  private synchronized boolean isClosed() {
    return closed || closing.get() != null;
  }

  /** The job's course, told to the client. */
  private final class Events implements PistonExecutor.Events {
    private Output output;

    @Override
    public void runtime(PistonRuntimes.Runtime rt) {
      send(new Runtime("runtime", rt.piston().language(), rt.version()));
    }

    @Override
    public Live stage(String stage, String id) {
      LiveInput input;
      if ("run".equals(stage)) {
        input = runInput;
      } else {
        input = new LiveInput(0);
        input.endInput();
      }
      synchronized (PistonConnection.this) {
        if (closed || closing.get() != null) {
          throw new Gone();
        }
        runId = id;
        signals = input;
      }
      send(new StageMessage("stage", stage));
      output = new Output();
      return Live.interactive(input, output);
    }

    @Override
    public void exit(String stage, PistonResult.Stage result) {
      synchronized (PistonConnection.this) {
        runId = null;
      }
      for (LiveOutput.Stream s : LiveOutput.Stream.values()) {
        output.cut(s);
      }
      send(Exit.of(stage, result));
    }
  }

  /** A stage's output, sent as {@code data} as it comes (a UTF-8 character is never split). */
  private final class Output implements LiveOutput {
    private final Map<Stream, Utf8Chunks> text = new EnumMap<>(Stream.class);

    Output() {
      for (Stream s : Stream.values()) {
        text.put(s, new Utf8Chunks());
      }
    }

    @Override
    public void output(Stream stream, byte[] chunk) {
      String t;
      synchronized (this) {
        t = text.get(stream).next(chunk);
      }
      if (!t.isEmpty()) {
        send(new Data("data", stream.wireName(), t));
      }
    }

    /** Sends what is held back of a stream: it was cut, or the stage ended. */
    @Override
    public void cut(Stream stream) {
      String t;
      synchronized (this) {
        t = text.get(stream).end();
      }
      if (!t.isEmpty()) {
        send(new Data("data", stream.wireName(), t));
      }
    }
  }

  /** The job's error: the message, then 4002; nothing when the socket is closing already. */
  private void notifyError(String message) {
    if (closing.compareAndSet(null, Close.NOTIFIED_ERROR)) {
      sendNow(new Error("error", message));
      closeNow(Close.NOTIFIED_ERROR);
    }
  }

  /** Sends one message; nothing once the socket is closing. */
  private void send(Object message) {
    if (closing.get() == null) {
      sendNow(message);
    }
  }

  /** Sends one message unless the socket closed; a failed send stops the job. */
  private void sendNow(Object message) {
    String text = new String(Json.write(message), StandardCharsets.UTF_8);
    boolean failed = false;
    synchronized (sending) {
      if (socketClosed) {
        return;
      }
      try {
        socket.send(text);
      } catch (RuntimeException e) {
        log.debug("send failed: {}", e.toString());
        socketClosed = true;
        failed = true;
      }
    }
    if (failed) {
      stop();
    }
  }

  /** Closes the socket with Piston's code and reason, unless another close was decided first. */
  private void close(Close why) {
    if (closing.compareAndSet(null, why)) {
      closeNow(why);
    }
  }

  /** The job stops (its run is cancelled), then the socket closes with {@code why}. */
  private void closeNow(Close why) {
    stop();
    synchronized (sending) {
      if (socketClosed) {
        return;
      }
      socketClosed = true;
      try {
        socket.close(why.code, why.reason);
      } catch (RuntimeException e) {
        log.debug("close failed: {}", e.toString());
      }
    }
  }

  /**
   * A close decided on the message thread: decided now (nothing else is sent from then on), sent
   * from a virtual thread.
   */
  private void closeLater(Close why) {
    if (closing.compareAndSet(null, why)) {
      Thread.ofVirtual().name("piston-connect-close").start(() -> closeNow(why));
    }
  }

  /** A failure seen on the message thread: the error and 4002, from a virtual thread. */
  private void failLater(RuntimeException e) {
    String message = message(e);
    if (closing.compareAndSet(null, Close.NOTIFIED_ERROR)) {
      Thread.ofVirtual()
          .name("piston-connect-error")
          .start(
              () -> {
                sendNow(new Error("error", message));
                closeNow(Close.NOTIFIED_ERROR);
              });
    }
  }

  /** What the client is told of a failure. */
  static String message(RuntimeException e) {
    String m =
        switch (e) {
          case InvalidRequestException i -> i.getMessage();
          case RefusalException r -> r.refusal().message();
          case CapacityExceededException c -> c.getMessage() + "; retry later";
          case SandboxUnavailableException s -> {
            log.warn("sandbox unavailable: {}", s.getMessage(), s);
            yield "the sandbox engine cannot run this now (run " + s.runId() + "); retry later";
          }
          default -> {
            log.error("interactive Piston job failed", e);
            yield "internal error";
          }
        };
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
  }
}
