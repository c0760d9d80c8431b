import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The leanest HTTP/1.1 client a user could put in front of runbox: one kept-alive connection, the
 * request written in one piece, the answer read by its length (or its chunks). It is what curl or
 * Python's http.client do, without the JDK HttpClient's own cost on a cold JVM (about 6 ms a
 * request here), so that the think time is the service's and not the benchmark's. One connection:
 * not for concurrent use.
 */
final class LeanHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;

  LeanHttp(URI base) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(180_000);
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    host = base.getHost() + ":" + base.getPort();
  }

  record Answer(int status, String body) {}

  /** POSTs a JSON body and reads the whole answer. */
  Answer post(String path, String json) throws IOException {
    send(out, "POST", path, host, json, "");
    return read(in);
  }

  /**
   * Writes one HTTP/1.1 request in one piece: a JSON body when {@code json} is not null, and {@code
   * headers} (each ending in CRLF) besides.
   */
  static void send(
      OutputStream out, String method, String path, String host, String json, String headers)
      throws IOException {
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        (method
                + " "
                + path
                + " HTTP/1.1\r\nHost: "
                + host
                + "\r\n"
                + (json == null
                    ? ""
                    : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                + headers
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    out.write(request);
    out.flush();
  }

  /** An HTTP/1.1 answer: its status and its body, by Content-Length or chunked. */
  static Answer read(InputStream in) throws IOException {
    String[] status = line(in).split(" ", 3);
    int length = -1;
    boolean chunked = false;
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      String k = l.toLowerCase(Locale.ROOT);
      if (k.startsWith("content-length:")) {
        length = Integer.parseInt(l.substring("content-length:".length()).trim());
      } else if (k.startsWith("transfer-encoding:") && k.contains("chunked")) {
        chunked = true;
      }
    }
    byte[] body;
    if (chunked) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int n = chunk(in); n > 0; n = chunk(in)) {
        all.write(in.readNBytes(n));
        line(in);
      }
      while (!line(in).isEmpty()) {
        // trailers
      }
      body = all.toByteArray();
    } else if (length >= 0) {
      body = in.readNBytes(length);
    } else {
      throw new IOException("an answer with neither a length nor chunks");
    }
    return new Answer(Integer.parseInt(status[1]), new String(body, StandardCharsets.UTF_8));
  }

  private static int chunk(InputStream in) throws IOException {
    String size = line(in).trim();
    int semi = size.indexOf(';');
    return Integer.parseInt(semi < 0 ? size : size.substring(0, semi), 16);
  }

  static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the connection ended in an answer");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
