package dev.runbox.jobs.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries over TLS to a loopback receiver whose certificate names {@code callback.test}: the
 * connection is pinned to the address checked, yet the certificate is checked against the URL's
 * host.
 */
class CallbackTlsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final byte[] BODY = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private static ExecutorService handlers;
  private static HttpsServer receiver;
  private static SSLContext client;
  private static int port;
  private static final AtomicReference<String> serverName = new AtomicReference<>();

  @BeforeAll
  static void startReceiver(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("receiver.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "receiver",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=callback.test",
                "-ext",
                "san=dns:callback.test,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD),
                "-noprompt")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("keytool.log").toFile())
            .start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
    assertThat(keytool.exitValue()).as(Files.readString(dir.resolve("keytool.log"))).isZero();

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);

    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("receiver", keys.getCertificate("receiver"));
    client = trustOnly(trusted);

    handlers = Executors.newCachedThreadPool();
    receiver = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    receiver.setHttpsConfigurator(new HttpsConfigurator(server));
    receiver.setExecutor(handlers);
    receiver.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          serverName.set(exchange.getRequestHeaders().getFirst("Host"));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    port = receiver.getAddress().getPort();
  }

  private static SSLContext trustOnly(KeyStore trusted) throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  @AfterAll
  static void stopReceiver() throws InterruptedException {
    receiver.stop(0);
    handlers.shutdownNow();
    assertThat(handlers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private static CallbackSender sender() {
    CallbackGuard.Resolver dns =
        host -> {
          if (!host.endsWith(".test")) {
            throw new UnknownHostException(host);
          }
          List<InetAddress> loopback = new ArrayList<>();
          loopback.add(InetAddress.getByName("127.0.0.1"));
          return loopback;
        };
    CallbackGuard guard =
        new CallbackGuard(
            List.of("callback.test:" + port, "other.test:" + port, "127.0.0.1:" + port), dns);
    return new CallbackSender(
        guard,
        new CallbackSignature("secret"),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Clock.systemUTC(),
        client);
  }

  @Test
  void aPinnedConnectionStillChecksTheCertificateAgainstTheUrlsHost() {
    try (CallbackSender sender = sender()) {
      assertThat(sender.send("https://callback.test:" + port + "/cb", "job-1", 1, BODY))
          .isEqualTo(new DeliveryOutcome.Delivered(200));
      assertThat(serverName.get()).isEqualTo("callback.test:" + port);
      assertThat(sender.send("https://127.0.0.1:" + port + "/cb", "job-1", 1, BODY))
          .isEqualTo(new DeliveryOutcome.Delivered(200));
    }
  }

  @Test
  void aCertificateForAnotherNameIsRefused() {
    try (CallbackSender sender = sender()) {
      DeliveryOutcome outcome = sender.send("https://other.test:" + port + "/cb", "job-2", 1, BODY);
      assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
      assertThat(((DeliveryOutcome.Failed) outcome).reason())
          .contains("SSLHandshakeException", "No subject alternative DNS name matching other.test");
    }
  }

  @Test
  void anUntrustedReceiverIsRefused() {
    CallbackGuard guard =
        new CallbackGuard(
            List.of("127.0.0.1:" + port), host -> List.of(InetAddress.getLoopbackAddress()));
    try (CallbackSender sender =
        new CallbackSender(
            guard,
            new CallbackSignature("secret"),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Clock.systemUTC())) {
      DeliveryOutcome outcome = sender.send("https://127.0.0.1:" + port + "/cb", "job-3", 1, BODY);
      assertThat(outcome).isInstanceOf(DeliveryOutcome.Failed.class);
      assertThat(((DeliveryOutcome.Failed) outcome).reason()).contains("SSLHandshakeException");
    }
  }
}
