package dev.runbox.core;

/**
 * One sandbox kept for a sequence of runs of one program (a judge's tests): each {@link
 * SessionStep} starts with no process, no file and no IPC object left by the steps before it (only
 * the files a {@link #prepare} step left, put back), and ends with every process it started killed.
 * The steps run one at a time. Its disk, pid and open-file limits are the session's ({@link
 * Sandbox#open}); a step's memory and CPU quota are its own.
 */
public interface SandboxSession extends AutoCloseable {
  /**
   * Runs one step to its end or its deadline. What the program did is the result (its files are not
   * taken back); a step that broke the sandbox (killed or stopped its keeper) ends as the program's
   * doing, and the next step gets a fresh sandbox.
   *
   * @throws SandboxUnavailableException when the infrastructure fails (never for what the program
   *     does)
   */
  SandboxResult step(SessionStep step);

  /**
   * Runs a step (a compile, say) and keeps /sandbox as it was after it: every later step starts
   * from those files, with its own put over them. What it did is the result, as for {@link #step}.
   *
   * @throws SandboxUnavailableException as {@link #step}
   */
  SandboxResult prepare(SessionStep step);

  /** Removes the sandbox. */
  @Override
  void close();
}
