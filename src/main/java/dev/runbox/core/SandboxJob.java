package dev.runbox.core;

/**
 * What a {@link Sandbox} executes: everything resolved and validated.
 *
 * @param runId unique id of the run, carried into labels and logs
 * @param imageRef the engine's image reference (e.g. {@code runbox/python:latest})
 * @param command the command line run by {@code /bin/sh -c} in /sandbox
 */
public record SandboxJob(
    String runId, String imageRef, FileSet files, String command, byte[] stdin, Limits limits) {
  public SandboxJob {
    stdin = stdin.clone();
  }

  @Override
  public byte[] stdin() {
    return stdin.clone();
  }
}
