package dev.runbox.core;

/**
 * The port to the isolation technology. An implementation runs a job in a fresh, isolated
 * environment, removes every trace of it, and reports what happened.
 */
public interface Sandbox {
  /**
   * Runs the job to completion or to its deadline.
   *
   * @throws SandboxUnavailableException when the infrastructure fails (never for what the program
   *     does)
   */
  SandboxResult run(SandboxJob job);
}
