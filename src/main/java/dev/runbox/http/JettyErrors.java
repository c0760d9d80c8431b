package dev.runbox.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own refusals, before a request reaches a route (a malformed URI, headers too large), as
 * problem+json like every other error rather than an HTML page.
 */
final class JettyErrors extends ErrorHandler {
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
    return ByteBuffer.wrap(Json.write(problem(status, reason)));
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType(Problem.CONTENT_TYPE);
    response.getOutputStream().write(Json.write(problem(code, message)));
  }

  static Problem problem(int status, String reason) {
    Problem.Type type = Problem.Type.BAD_MESSAGE;
    String detail = reason == null || reason.isBlank() ? "the HTTP request is malformed" : reason;
    return new Problem(type.uri, type.title, status, detail, "", List.of());
  }
}
