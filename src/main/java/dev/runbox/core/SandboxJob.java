package dev.runbox.core;

/**
 * What a {@link Sandbox} executes: everything resolved and validated.
 *
 * @param runId unique id of the run, carried into labels and logs
 * @param imageRef the engine's image reference (e.g. {@code runbox/python:latest})
 * @param command the command line run by {@code /bin/sh -c} in /sandbox
 * @param environment variables for the command and files for its home folder
 */
public record SandboxJob(
    String runId,
    String imageRef,
    FileSet files,
    String command,
    byte[] stdin,
    Limits limits,
    RunEnvironment environment) {
  public SandboxJob {
    stdin = stdin.clone();
  }

  /** A job with no environment of its own. */
  public SandboxJob(
      String runId, String imageRef, FileSet files, String command, byte[] stdin, Limits limits) {
    this(runId, imageRef, files, command, stdin, limits, RunEnvironment.none());
  }

  @Override
  public byte[] stdin() {
    return stdin.clone();
  }
}
