package dev.runbox.jobs.callback;

import dev.runbox.core.InvalidRequestException;

/**
 * A callback URL the guard will not call. At submit it is a request mistake (HTTP 400) naming
 * {@code callback_url}; at delivery its {@link #reason()} tells whether trying again may help.
 */
public final class CallbackRefusedException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /** Why a callback URL was refused. */
  public enum Reason {
    /** Not an absolute http(s) URL with a host and a valid port, or with user information. */
    INVALID_URL,
    /** A {@code localhost} name, or an address that is not public, and not allowed by name. */
    FORBIDDEN_ADDRESS,
    /** The host did not resolve (in time): DNS may answer later. */
    UNRESOLVED
  }

  private final Reason reason;

  public CallbackRefusedException(Reason reason, String message) {
    super(CallbackGuard.FIELD, message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
