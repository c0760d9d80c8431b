package dev.runbox.jobs.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runbox.jobs.callback.CallbackSignature.Verdict;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deliveries to a real HTTP receiver on loopback, admitted by the allow list. */
class CallbackSenderTest {
  private static final String SECRET = "s3cret-for-tests";
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final byte[] BODY =
      "{\"id\":\"job-1\",\"status\":\"done\",\"result\":{\"stdout\":\"hi\\n\"}}"
          .getBytes(StandardCharsets.UTF_8);

  /** What the receiver saw of one request. */
  private record Received(String method, String path, Map<String, String> headers, byte[] body) {}

  private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private ExecutorService handlers;
  private HttpServer receiver;
  private int port;
  private Map<String, List<String>> names;
  private CallbackSender sender;

  @BeforeEach
  void startReceiver() throws IOException {
    handlers = Executors.newCachedThreadPool();
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    receiver.setExecutor(handlers);
    receiver.createContext("/", this::handle);
    receiver.start();
    port = receiver.getAddress().getPort();
    names = new ConcurrentHashMap<>();
    sender = sender(List.of("127.0.0.1:" + port, "callback.test:" + port), Duration.ofSeconds(5));
  }

  @AfterEach
  void stopReceiver() throws InterruptedException {
    release.countDown();
    sender.close();
    receiver.stop(0);
    handlers.shutdownNow();
    assertThat(handlers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private CallbackSender sender(List<String> allow, Duration readTimeout) {
    CallbackGuard.Resolver dns =
        host -> {
          List<String> found = names.get(host);
          if (found == null) {
            throw new UnknownHostException(host);
          }
          List<InetAddress> addresses = new java.util.ArrayList<>();
          for (String literal : found) {
            addresses.add(InetAddress.getByName(literal));
          }
          return addresses;
        };
    return new CallbackSender(
        new CallbackGuard(allow, dns),
        new CallbackSignature(SECRET),
        Duration.ofSeconds(2),
        readTimeout,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, String> headers = new java.util.HashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
    String path = exchange.getRequestURI().getRawPath();
    received.add(
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI().toString(),
            Map.copyOf(headers),
            body));
    if (path.equals("/slow")) {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int status = statuses.getOrDefault(path, 204);
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private Received onlyRequest() throws InterruptedException {
    Received request = received.poll(10, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the receiver").isNotNull();
    return request;
  }

  @Test
  void aSignedCallbackIsDeliveredAndVerifies() throws InterruptedException {
    DeliveryOutcome outcome = sender.send(url("/hooks/runbox?x=1"), "job-1", 2, BODY);

    assertThat(outcome).isEqualTo(new DeliveryOutcome.Delivered(204));
    Received request = onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/hooks/runbox?x=1");
    assertThat(request.body()).isEqualTo(BODY);
    assertThat(request.headers())
        .containsEntry("Content-type", "application/json")
        .containsEntry("Runbox-job-id", "job-1")
        .containsEntry("Runbox-attempt", "2")
        .containsEntry("Host", "127.0.0.1:" + port);
    String signature = request.headers().get("Runbox-signature");
    assertThat(signature).startsWith("t=" + NOW.getEpochSecond() + ",v1=");
    assertThat(
            CallbackSignature.verify(
                signature, request.body(), SECRET, NOW.plusSeconds(30), Duration.ofMinutes(5)))
        .isEqualTo(Verdict.VALID);
    assertThat(
            CallbackSignature.verify(
                signature, request.body(), SECRET, NOW.plusSeconds(600), Duration.ofMinutes(5)))
        .isEqualTo(Verdict.STALE);
  }

  @Test
  void aRequestOfAnotherMethodAndTypeIsSentAsItSaysAndSignedTheSame() throws InterruptedException {
    DeliveryOutcome outcome =
        sender.send(
            url("/judge0"), "job-3", 1, new CallbackRequest("PUT", "application/json", BODY));

    assertThat(outcome).isEqualTo(new DeliveryOutcome.Delivered(204));
    Received request = onlyRequest();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.body()).isEqualTo(BODY);
    assertThat(request.headers())
        .containsEntry("Content-type", "application/json")
        .containsEntry("Runbox-job-id", "job-3");
    assertThat(
            CallbackSignature.verify(
                request.headers().get("Runbox-signature"),
                request.body(),
                SECRET,
                NOW,
                Duration.ofMinutes(5)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void theConnectionGoesToTheAddressCheckedWithTheOriginalHostHeader() throws InterruptedException {
    names.put("callback.test", List.of("127.0.0.1"));

    DeliveryOutcome outcome = sender.send("http://Callback.Test:" + port + "/cb", "job-2", 1, BODY);

    assertThat(outcome).isEqualTo(new DeliveryOutcome.Delivered(204));
    assertThat(onlyRequest().headers()).containsEntry("Host", "Callback.Test:" + port);
  }

  @Test
  void aServerErrorIsRetryable() throws InterruptedException {
    statuses.put("/boom", 500);
    assertThat(sender.send(url("/boom"), "job-3", 1, BODY))
        .isEqualTo(new DeliveryOutcome.Failed("HTTP 500", true, OptionalInt.of(500)));
    onlyRequest();
  }

  @Test
  void aClientErrorIsNotRetryableExceptTooManyRequestsAndRequestTimeout() {
    statuses.put("/bad", 400);
    statuses.put("/gone", 410);
    statuses.put("/busy", 429);
    statuses.put("/late", 408);
    statuses.put("/moved", 302);
    assertThat(sender.send(url("/bad"), "job-4", 1, BODY))
        .isEqualTo(new DeliveryOutcome.Failed("HTTP 400", false, OptionalInt.of(400)));
    assertThat(retryable(sender.send(url("/gone"), "job-4", 1, BODY))).isFalse();
    assertThat(retryable(sender.send(url("/busy"), "job-4", 1, BODY))).isTrue();
    assertThat(retryable(sender.send(url("/late"), "job-4", 1, BODY))).isTrue();
    DeliveryOutcome moved = sender.send(url("/moved"), "job-4", 1, BODY);
    assertThat(retryable(moved)).isFalse();
    assertThat(((DeliveryOutcome.Failed) moved).reason()).contains("redirects are not followed");
  }

  @Test
  void aReceiverThatDoesNotAnswerInTimeIsARetryableFailure() throws InterruptedException {
    try (CallbackSender impatient = sender(List.of("127.0.0.1:" + port), Duration.ofMillis(300))) {
      DeliveryOutcome outcome = impatient.send(url("/slow"), "job-5", 1, BODY);

      assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
      DeliveryOutcome.Failed failed = (DeliveryOutcome.Failed) outcome;
      assertThat(failed.retryable()).isTrue();
      assertThat(failed.status()).isEmpty();
      assertThat(failed.reason()).contains("no answer", "PT0.3S");
      onlyRequest();
    }
  }

  @Test
  void aReceiverThatDoesNotReadCannotHoldTheSenderBeyondItsDeadline() throws IOException {
    // never accepted, never read: the request fills the socket buffers and the write blocks
    try (ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        CallbackSender impatient =
            sender(List.of("127.0.0.1:" + deaf.getLocalPort()), Duration.ofMillis(500))) {
      byte[] huge = new byte[64 * 1024 * 1024];
      DeliveryOutcome outcome =
          impatient.send("http://127.0.0.1:" + deaf.getLocalPort() + "/", "job-9", 1, huge);
      assertThat(retryable(outcome)).isTrue();
      assertThat(((DeliveryOutcome.Failed) outcome).reason()).contains("no answer", "PT0.5S");
    }
  }

  @Test
  void aRefusedConnectionIsRetryable() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    try (CallbackSender toClosedPort =
        sender(List.of("127.0.0.1:" + closed), Duration.ofSeconds(2))) {
      DeliveryOutcome outcome =
          toClosedPort.send("http://127.0.0.1:" + closed + "/", "job-6", 1, BODY);
      assertThat(retryable(outcome)).isTrue();
      assertThat(((DeliveryOutcome.Failed) outcome).reason()).contains("127.0.0.1");
    }
  }

  @Test
  void theGuardIsAppliedAgainAtDelivery() {
    names.put("moving.test", List.of("127.0.0.1"));
    try (CallbackSender strict = sender(List.of(), Duration.ofSeconds(2))) {
      DeliveryOutcome refused = strict.send("http://moving.test:" + port + "/", "job-7", 1, BODY);
      assertThat(retryable(refused)).isFalse();
      assertThat(((DeliveryOutcome.Failed) refused).reason())
          .contains("callback_url", "a loopback address");

      DeliveryOutcome unresolved =
          strict.send("http://unknown.test:" + port + "/", "job-7", 1, BODY);
      assertThat(retryable(unresolved)).isTrue();

      DeliveryOutcome notLoopback = strict.send(url("/"), "job-7", 1, BODY);
      assertThat(retryable(notLoopback)).isFalse();
    }
    assertThat(received).isEmpty();
  }

  @Test
  void aJobIdThatWouldBreakTheHeadIsRefused() {
    assertThatThrownBy(() -> sender.send(url("/"), "job\r\nX-Evil: 1", 1, BODY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClosedSenderTakesNoMoreDeliveries() {
    sender.close();
    assertThatThrownBy(() -> sender.send(url("/"), "job-8", 1, BODY))
        .isInstanceOf(IllegalStateException.class);
  }

  private static boolean retryable(DeliveryOutcome outcome) {
    assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
    return ((DeliveryOutcome.Failed) outcome).retryable();
  }
}
