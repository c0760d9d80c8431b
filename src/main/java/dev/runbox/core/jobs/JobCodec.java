package dev.runbox.core.jobs;

/**
 * How a job's request is checked and run: exactly as the synchronous route of its kind reads,
 * refuses and answers it ({@code /v1/runs}, {@code /v1/judge}). Implemented where those routes'
 * JSON lives.
 */
public interface JobCodec {
  /**
   * Checks the request as the synchronous route would, and returns it in the form it is stored in.
   *
   * @throws dev.runbox.core.InvalidRequestException with the synchronous route's refusal
   */
  String check(JobKind kind, String request);

  /**
   * Runs the request; its answer, as the synchronous route's JSON body.
   *
   * @param started told the run's id (the sandbox's, for {@link dev.runbox.core.Sandbox#cancel})
   *     before anything runs
   * @throws dev.runbox.core.SandboxUnavailableException when runbox could not run it
   * @throws dev.runbox.core.CapacityExceededException when no sandbox was free
   */
  String execute(JobKind kind, String request, java.util.function.Consumer<String> started);
}
