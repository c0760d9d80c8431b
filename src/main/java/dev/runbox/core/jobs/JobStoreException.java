package dev.runbox.core.jobs;

/** The job store could not do what was asked: its database is unreachable, full or refused it. */
public final class JobStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
