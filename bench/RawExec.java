import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An on-demand exec through the Engine API with no client library: create it, start it (the
 * hijacked stream read to its end), inspect its exit code, each call written by hand on the
 * engine's unix socket (only the JSON of its bodies made and read by Jackson). The engine's own
 * exec floor, without docker-java's cost on the benchmark's side (about 15 ms an exec here), as
 * {@link LeanHttp} is runbox's.
 */
final class RawExec {
  private final UnixDomainSocketAddress socket;

  RawExec(Path socket) {
    this.socket = UnixDomainSocketAddress.of(socket);
  }

  /** Runs {@code argv} in the container as {@code user}; its exit code. */
  int exec(String container, String user, String workdir, List<String> argv) throws IOException {
    Map<String, Object> create = new LinkedHashMap<>();
    create.put("AttachStdout", true);
    create.put("AttachStderr", true);
    create.put("User", user);
    create.put("WorkingDir", workdir);
    create.put("Cmd", argv);
    String id;
    try (SocketChannel ch = SocketChannel.open(socket)) {
      InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
      OutputStream out = Channels.newOutputStream(ch);
      id =
          answer(in, out, "POST", "/containers/" + container + "/exec", create).path("Id").asText();
      LeanHttp.send(
          out,
          "POST",
          "/exec/" + id + "/start",
          "docker",
          Api.JSON.writeValueAsString(Map.of("Detach", false, "Tty", false)),
          "Connection: Upgrade\r\nUpgrade: tcp\r\n");
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
      JsonNode exit =
          answer(in, Channels.newOutputStream(ch), "GET", "/exec/" + id + "/json", null)
              .path("ExitCode");
      if (!exit.isInt()) {
        throw new IOException("the exec's inspection has no exit code");
      }
      return exit.asInt();
    }
  }

  /** One call on a connection of its own; its answer, which must be a 2xx, as JSON. */
  private static JsonNode answer(
      InputStream in, OutputStream out, String method, String path, Object body)
      throws IOException {
    LeanHttp.send(
        out, method, path, "docker", body == null ? null : Api.JSON.writeValueAsString(body), "");
    LeanHttp.Answer a = LeanHttp.read(in);
    if (a.status() / 100 != 2) {
      throw new IOException(method + " " + path + " answered " + a.status() + ": " + a.body());
    }
    return Api.JSON.readTree(a.body());
  }
}
