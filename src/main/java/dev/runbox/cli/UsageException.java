package dev.runbox.cli;

/**
 * A mistake on the command line outside picocli's own parsing (a bad folder, a bad size); exit 2.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
