package dev.runbox.core;

/** The request names an image that is not in the catalog. Maps to HTTP 404. */
public final class UnknownImageException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  public UnknownImageException(String name) {
    super("image", "unknown image '" + name + "'; GET /v1/images lists the catalog");
  }
}
