package dev.runbox.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;

/**
 * What a client sends a run while it runs: stdin chunks, the end of stdin and signals for the
 * program, in order. Bounded: the stdin in total, and the events waiting to be taken. The sandbox
 * takes them one by one; {@link #finish} (the run ended) ends the taking.
 */
public final class LiveInput {
  /** The most events that may wait at once. */
  public static final int MAX_PENDING = 4096;

  /** The signals a client may send: every standard one, as Piston allows ({@code SIGINT}, ...). */
  public static final Set<String> SIGNALS = Signals.standardNames();

  /** One thing sent to the run. */
  public sealed interface Event permits Data, EndOfInput, Signal {}

  /** Bytes for the program's stdin. */
  public record Data(byte[] bytes) implements Event {
    public Data {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /** The program's stdin ends. */
  public record EndOfInput() implements Event {}

  /** A signal for the program, e.g. {@code SIGINT}; one of {@link #SIGNALS}. */
  public record Signal(String name) implements Event {}

  private final long maxBytes;
  private final Deque<Event> pending = new ArrayDeque<>();
  private long written;
  private boolean inputEnded;
  private boolean finished;
  private int epoch;

  /**
   * @param maxBytes the most stdin bytes a run may be sent in all
   */
  public LiveInput(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /**
   * Queues stdin for the program; nothing once its stdin ended or the run finished.
   *
   * @throws InvalidRequestException when the stdin sent would go over its bound, or too many events
   *     wait
   */
  public synchronized void write(byte[] data) {
    if (data.length == 0 || inputEnded || finished) {
      return;
    }
    if (written + data.length > maxBytes) {
      throw new InvalidRequestException(
          "stdin", "a live run takes at most " + maxBytes + " bytes of stdin in all");
    }
    written += data.length;
    add(new Data(data));
  }

  /** Ends the program's stdin (it reads end-of-file); later writes are ignored. */
  public synchronized void endInput() {
    if (!inputEnded && !finished) {
      inputEnded = true;
      add(new EndOfInput());
    }
  }

  /**
   * Queues a signal for the program.
   *
   * @throws InvalidRequestException when the name is not one of {@link #SIGNALS}
   */
  public synchronized void signal(String name) {
    if (!SIGNALS.contains(name)) {
      throw new InvalidRequestException(
          "signal", "signal must be one of " + SIGNALS.stream().sorted().toList() + ": " + name);
    }
    if (!finished) {
      add(new Signal(name));
    }
  }

  private void add(Event e) {
    if (pending.size() >= MAX_PENDING) {
      throw new InvalidRequestException(
          "", "more than " + MAX_PENDING + " messages wait for the program: slow down");
    }
    pending.add(e);
    notifyAll();
  }

  /** The run ended: nothing more is taken, and a taker waiting is released. */
  public synchronized void finish() {
    finished = true;
    pending.clear();
    notifyAll();
  }

  /**
   * The current reader's epoch: a reader that takes with it gets nothing once {@link #detach} was
   * called.
   */
  public synchronized int epoch() {
    return epoch;
  }

  /**
   * The next event for the reader of {@code readerEpoch}, waiting for one; empty once the run
   * finished or that reader was detached.
   */
  public synchronized Optional<Event> take(int readerEpoch) throws InterruptedException {
    while (pending.isEmpty() && !finished && readerEpoch == epoch) {
      wait();
    }
    return finished || readerEpoch != epoch ? Optional.empty() : Optional.of(pending.poll());
  }

  /**
   * Lets the current reader go (its sandbox is gone; the run may go to another): it takes nothing
   * more, and what it has not taken waits for the next reader.
   */
  public synchronized void detach() {
    epoch++;
    notifyAll();
  }
}
