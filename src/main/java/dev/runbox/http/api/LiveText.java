package dev.runbox.http.api;

import dev.runbox.core.LiveOutput;
import dev.runbox.http.LiveMessages;
import dev.runbox.http.Utf8Chunks;
import java.util.EnumMap;
import java.util.Map;

/**
 * A live run's output as runbox's messages ({@link LiveMessages}), each given with its type to a
 * sink: a WebSocket's send, an event stream's event. Each stream's chunks become text without
 * splitting a character; what a stream still holds back is given when it is cut or the run ends.
 */
final class LiveText implements LiveOutput {
  /** Where the messages go. */
  interface Sink {
    void message(String type, String json);
  }

  private final Map<Stream, Utf8Chunks> text = new EnumMap<>(Stream.class);
  private final Sink sink;

  LiveText(Sink sink) {
    this.sink = sink;
    for (Stream s : Stream.values()) {
      text.put(s, new Utf8Chunks());
    }
  }

  @Override
  public void started(String runId) {
    sink.message("started", LiveMessages.started(runId));
  }

  @Override
  public void output(Stream stream, byte[] chunk) {
    give(stream, text.get(stream).next(chunk));
  }

  @Override
  public void cut(Stream stream) {
    give(stream, text.get(stream).end());
    sink.message("cut", LiveMessages.cut(stream));
  }

  /** The run ended: what each stream held back of an unfinished character. */
  void flush() {
    for (Stream s : Stream.values()) {
      give(s, text.get(s).end());
    }
  }

  private void give(Stream stream, String t) {
    if (!t.isEmpty()) {
      sink.message(stream.wireName(), LiveMessages.output(stream, t));
    }
  }
}
