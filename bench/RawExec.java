import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An on-demand exec through the Engine API with no client library: create it, start it (the
 * hijacked stream read to its end), inspect its exit code, each call written by hand on the
 * engine's unix socket. The engine's own exec floor, without docker-java's cost on the benchmark's
 * side (about 15 ms an exec here), as {@link LeanHttp} is runbox's.
 */
final class RawExec {
  private static final Pattern ID = Pattern.compile("\"Id\"\\s*:\\s*\"([0-9a-f]+)\"");
  private static final Pattern EXIT = Pattern.compile("\"ExitCode\"\\s*:\\s*(-?\\d+)");
  private final UnixDomainSocketAddress socket;

  RawExec(Path socket) {
    this.socket = UnixDomainSocketAddress.of(socket);
  }

  /** Runs {@code argv} in the container as {@code user}; its exit code. */
  int exec(String container, String user, String workdir, List<String> argv) throws IOException {
    StringBuilder cmd = new StringBuilder();
    for (String a : argv) {
      cmd.append(cmd.isEmpty() ? "" : ",").append(json(a));
    }
    String create =
        "{\"AttachStdout\":true,\"AttachStderr\":true,\"User\":"
            + json(user)
            + ",\"WorkingDir\":"
            + json(workdir)
            + ",\"Cmd\":["
            + cmd
            + "]}";
    String id;
    try (SocketChannel ch = SocketChannel.open(socket)) {
      InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
      OutputStream out = Channels.newOutputStream(ch);
      id = match(ID, answer(in, out, "POST", "/containers/" + container + "/exec", create));
      send(out, "POST", "/exec/" + id + "/start", "{\"Detach\":false,\"Tty\":false}", true);
      String status = LeanHttp.line(in);
      if (!status.startsWith("HTTP/1.1 101") && !status.startsWith("HTTP/1.1 200")) {
        throw new IOException("the exec's start answered " + status);
      }
      while (!LeanHttp.line(in).isEmpty()) {
        // the upgrade's headers
      }
      in.transferTo(OutputStream.nullOutputStream());
    }
    try (SocketChannel ch = SocketChannel.open(socket)) {
      InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
      return Integer.parseInt(
          match(
              EXIT,
              answer(in, Channels.newOutputStream(ch), "GET", "/exec/" + id + "/json", null)));
    }
  }

  private static String answer(
      InputStream in, OutputStream out, String method, String path, String body)
      throws IOException {
    send(out, method, path, body, false);
    LeanHttp.Answer a = LeanHttp.read(in);
    if (a.status() / 100 != 2) {
      throw new IOException(method + " " + path + " answered " + a.status() + ": " + a.body());
    }
    return a.body();
  }

  private static void send(
      OutputStream out, String method, String path, String body, boolean upgrade)
      throws IOException {
    byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String head =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: docker\r\n"
            + (body == null
                ? ""
                : "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n")
            + (upgrade ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : "")
            + "\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + b.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(b, 0, all, h.length, b.length);
    out.write(all);
    out.flush();
  }

  private static String match(Pattern p, String body) throws IOException {
    Matcher m = p.matcher(body);
    if (!m.find()) {
      throw new IOException("unexpected answer from the engine: " + body);
    }
    return m.group(1);
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\');
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
        continue;
      }
      b.append(c);
    }
    return b.append('"').toString();
  }
}
