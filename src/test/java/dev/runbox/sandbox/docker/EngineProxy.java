package dev.runbox.sandbox.docker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A unix-socket forwarder in front of the real engine: stopping it looks to the service exactly
 * like the engine going away, without disturbing anything else on the machine.
 */
final class EngineProxy implements AutoCloseable {
  private final Path socket;
  private final Path target;
  private final Set<java.nio.channels.Channel> open = ConcurrentHashMap.newKeySet();
  private ServerSocketChannel server;

  EngineProxy(Path socket, Path target) {
    this.socket = socket;
    this.target = target;
  }

  EngineProxy start() throws IOException {
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    ServerSocketChannel s = server;
    Thread.ofVirtual().start(() -> accept(s));
    return this;
  }

  private void accept(ServerSocketChannel s) {
    try {
      while (true) {
        SocketChannel client = s.accept();
        SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(target));
        open.add(client);
        open.add(engine);
        Thread.ofVirtual().start(() -> pump(client, engine));
        Thread.ofVirtual().start(() -> pump(engine, client));
      }
    } catch (IOException stopped) {
      // the proxy was stopped
    }
  }

  private void pump(SocketChannel from, SocketChannel to) {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    try {
      while (from.read(buf) >= 0) {
        buf.flip();
        while (buf.hasRemaining()) {
          to.write(buf);
        }
        buf.clear();
      }
      to.shutdownOutput();
    } catch (IOException closed) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  /** The engine "goes away": no new connections, and every open one is cut. */
  void stop() throws IOException {
    server.close();
    open.forEach(EngineProxy::closeQuietly);
    open.clear();
    Files.deleteIfExists(socket);
  }

  private static void closeQuietly(java.nio.channels.Channel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
