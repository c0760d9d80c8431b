package dev.runbox.http;

/**
 * Thrown by the HTTP edge for a mistake only it can see (size, media type, token); answered as is.
 */
public final class RefusalException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Refusal refusal;

  public RefusalException(Refusal refusal) {
    super(refusal.message(), null, false, false);
    this.refusal = refusal;
  }

  public RefusalException(Refusal.Kind kind, String message) {
    this(Refusal.of(kind, message));
  }

  public Refusal refusal() {
    return refusal;
  }
}
