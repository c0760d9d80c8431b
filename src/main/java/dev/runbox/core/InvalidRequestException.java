package dev.runbox.core;

/** A caller mistake: the request is refused before anything runs. Maps to HTTP 400 / CLI exit 2. */
public class InvalidRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  /**
   * @param field the request field at fault, or an empty string when none applies
   * @param message what is wrong, naming the bad value
   */
  public InvalidRequestException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The request field at fault; empty when the whole request is at fault. */
  public String field() {
    return field;
  }
}
