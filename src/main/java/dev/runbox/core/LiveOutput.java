package dev.runbox.core;

/**
 * Hears a run's output as it happens. Called from the sandbox's own threads, one chunk at a time
 * per stream and in order; an implementation must not throw, and should not block for long (a
 * blocked call holds back the run's output, never more of it).
 */
public interface LiveOutput {
  /** Which of the program's streams a chunk comes from. */
  enum Stream {
    STDOUT,
    STDERR;

    /** Its name in the APIs: {@code stdout} or {@code stderr}. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The run was admitted: its sandbox is being made, and it can no longer be refused whole. */
  default void started(String runId) {}

  /** The next bytes of a stream (a UTF-8 character may be split between two chunks). */
  void output(Stream stream, byte[] chunk);

  /**
   * The stream reached the run's output cap: nothing more of it comes here (the program's further
   * output is drained and dropped, as for any run).
   */
  void cut(Stream stream);

  /** Hears nothing. */
  LiveOutput NONE =
      new LiveOutput() {
        @Override
        public void output(Stream stream, byte[] chunk) {}

        @Override
        public void cut(Stream stream) {}
      };
}
