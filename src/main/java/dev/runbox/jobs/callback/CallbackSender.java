package dev.runbox.jobs.callback;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Delivers a callback: ONE signed POST (or the {@link CallbackRequest} given) per call (the caller
 * schedules retries with a {@link Backoff}). The URL is checked by the {@link CallbackGuard} again,
 * and the connection goes to the very address it checked: a plain socket to that IP, TLS layered on
 * it with the URL's host as server name and as the name the certificate must match, and the URL's
 * authority as the {@code Host} header. A small HTTP/1.1 exchange of our own (java.net.http cannot
 * be told which address to use); redirects are not followed; only the status line is read.
 *
 * <p>Every wait is bounded: the connection by {@code connectTimeout}; then the TLS handshake,
 * writing the request and waiting for the status by {@code readTimeout} in all (a watchdog closes
 * the socket when it runs out, so a receiver that does not read cannot hold a sender either).
 * {@code Retry-After} is not read. Thread-safe: one sender serves every delivery of a node.
 */
public final class CallbackSender implements AutoCloseable {
  public static final String JOB_ID_HEADER = "Runbox-Job-Id";
  public static final String ATTEMPT_HEADER = "Runbox-Attempt";
  private static final int MAX_HEAD_BYTES = 16 * 1024;
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,200}");
  private static final Pattern DOTTED_QUAD = Pattern.compile("[0-9.]+");
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([0-9]{3})( .*)?");

  private final CallbackGuard guard;
  private final CallbackSignature signature;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Clock clock;
  private final SSLContext tls;
  private final ScheduledThreadPoolExecutor watchdog;

  /**
   * @param connectTimeout the longest wait for a TCP connection; positive
   * @param readTimeout the longest wait, once connected, for the TLS handshake, the request to be
   *     written and the status line to arrive; positive
   * @param clock stamps the signature
   */
  public CallbackSender(
      CallbackGuard guard,
      CallbackSignature signature,
      Duration connectTimeout,
      Duration readTimeout,
      Clock clock) {
    this(guard, signature, connectTimeout, readTimeout, clock, defaultTls());
  }

  /** As above, with the TLS context to trust receivers by (tests: a self-signed receiver). */
  public CallbackSender(
      CallbackGuard guard,
      CallbackSignature signature,
      Duration connectTimeout,
      Duration readTimeout,
      Clock clock,
      SSLContext tls) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.signature = Objects.requireNonNull(signature, "signature");
    this.connectTimeout = positive(connectTimeout, "connect");
    this.readTimeout = positive(readTimeout, "read");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tls = Objects.requireNonNull(tls, "tls");
    this.watchdog =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "callback-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    this.watchdog.setRemoveOnCancelPolicy(true);
  }

  /**
   * One delivery attempt: checks {@code url}, then POSTs {@code body} with {@code Content-Type:
   * application/json}, {@code Runbox-Signature}, {@code Runbox-Job-Id: jobId} and {@code
   * Runbox-Attempt: attempt}. Never throws for what the network or the receiver does; throws {@link
   * IllegalStateException} once closed.
   *
   * @param attempt the value of {@code Runbox-Attempt}: the job's attempt whose result the body
   *     carries, so that a receiver can recognise a late duplicate by job id and attempt
   */
  public DeliveryOutcome send(String url, String jobId, int attempt, byte[] body) {
    return send(url, jobId, attempt, CallbackRequest.post(Objects.requireNonNull(body, "body")));
  }

  /**
   * As {@link #send(String, String, int, byte[])}, with the method, content type and body the
   * request gives (runbox's headers, the signature among them, are sent the same).
   */
  public DeliveryOutcome send(String url, String jobId, int attempt, CallbackRequest request) {
    if (jobId == null || !TOKEN.matcher(jobId).matches()) {
      throw new IllegalArgumentException("a job id is printable ASCII without spaces: " + jobId);
    }
    Objects.requireNonNull(request, "request");
    byte[] body = request.body();
    if (watchdog.isShutdown()) {
      throw new IllegalStateException("the callback sender is closed");
    }
    CallbackTarget target;
    try {
      target = guard.check(url);
    } catch (CallbackRefusedException e) {
      boolean retryable = e.reason() == CallbackRefusedException.Reason.UNRESOLVED;
      return new DeliveryOutcome.Failed(e.getMessage(), retryable, OptionalInt.empty());
    }
    byte[] head = head(target, jobId, attempt, request).getBytes(StandardCharsets.US_ASCII);
    return exchange(target, head, body);
  }

  private String head(CallbackTarget target, String jobId, int attempt, CallbackRequest request) {
    byte[] body = request.body();
    return request.method()
        + " "
        + target.requestTarget()
        + " HTTP/1.1\r\n"
        + "Host: "
        + target.hostHeader()
        + "\r\n"
        + "User-Agent: runbox-callback\r\n"
        + "Content-Type: "
        + request.contentType()
        + "\r\n"
        + "Content-Length: "
        + body.length
        + "\r\n"
        + CallbackSignature.HEADER
        + ": "
        + signature.header(body, clock.instant())
        + "\r\n"
        + JOB_ID_HEADER
        + ": "
        + jobId
        + "\r\n"
        + ATTEMPT_HEADER
        + ": "
        + attempt
        + "\r\n"
        + "Connection: close\r\n\r\n";
  }

  private DeliveryOutcome exchange(CallbackTarget target, byte[] head, byte[] body) {
    String where = target.hostHeader() + " (" + target.address().getHostAddress() + ")";
    AtomicBoolean expired = new AtomicBoolean();
    Socket socket = new Socket();
    ScheduledFuture<?> alarm = null;
    try {
      try {
        socket.connect(
            new InetSocketAddress(target.address(), target.port()),
            Math.toIntExact(connectTimeout.toMillis()));
      } catch (SocketTimeoutException e) {
        return retryable("no connection to " + where + " within " + connectTimeout);
      }
      try {
        alarm =
            watchdog.schedule(
                () -> {
                  expired.set(true);
                  closeQuietly(socket);
                },
                readTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        throw new IllegalStateException("the callback sender is closed", e);
      }
      socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
      Socket channel = target.https() ? secure(socket, target) : socket;
      OutputStream out = channel.getOutputStream();
      out.write(head);
      out.write(body);
      out.flush();
      return DeliveryOutcome.ofStatus(status(new BufferedInputStream(channel.getInputStream())));
    } catch (SocketTimeoutException e) {
      return retryable("no answer from " + where + " within " + readTimeout);
    } catch (MalformedResponse e) {
      return retryable("a malformed answer from " + where + ": " + e.getMessage());
    } catch (IOException e) {
      if (expired.get()) {
        return retryable("no answer from " + where + " within " + readTimeout);
      }
      return retryable("delivery to " + where + " failed: " + e);
    } finally {
      if (alarm != null) {
        alarm.cancel(false);
      }
      closeQuietly(socket);
    }
  }

  private Socket secure(Socket socket, CallbackTarget target) throws IOException {
    SSLSocket ssl =
        (SSLSocket) tls.getSocketFactory().createSocket(socket, target.host(), target.port(), true);
    SSLParameters parameters = ssl.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!target.host().contains(":") && !DOTTED_QUAD.matcher(target.host()).matches()) {
      parameters.setServerNames(List.of(new SNIHostName(target.host())));
    }
    ssl.setSSLParameters(parameters);
    ssl.startHandshake();
    return ssl;
  }

  /** The final status: interim 1xx answers are skipped. */
  private static int status(InputStream in) throws IOException {
    int[] budget = {MAX_HEAD_BYTES};
    while (true) {
      String line = line(in, budget);
      var matcher = STATUS_LINE.matcher(line);
      if (!matcher.matches()) {
        throw new MalformedResponse("status line '" + abbreviate(line) + "'");
      }
      int status = Integer.parseInt(matcher.group(1));
      if (status >= 200) {
        return status;
      }
      while (!line(in, budget).isEmpty()) {
        // the interim answer's headers
      }
    }
  }

  private static String line(InputStream in, int[] budget) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new MalformedResponse("the connection closed before a complete answer");
      }
      if (--budget[0] < 0) {
        throw new MalformedResponse("a head longer than " + MAX_HEAD_BYTES + " bytes");
      }
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
  }

  private static DeliveryOutcome retryable(String reason) {
    return new DeliveryOutcome.Failed(reason, true, OptionalInt.empty());
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is all we wanted
    }
  }

  private static Duration positive(Duration duration, String which) {
    Objects.requireNonNull(duration, which);
    if (duration.isNegative() || duration.isZero() || duration.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "the callback " + which + " timeout must be positive, not " + duration);
    }
    return duration;
  }

  private static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no TLS", e);
    }
  }

  /**
   * Stops taking deliveries ({@link #send} then throws {@link IllegalStateException}); deliveries
   * in flight still end by their deadline, then the watchdog thread ends.
   */
  @Override
  public void close() {
    watchdog.shutdown();
  }

  private static final class MalformedResponse extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedResponse(String message) {
      super(message);
    }
  }
}
