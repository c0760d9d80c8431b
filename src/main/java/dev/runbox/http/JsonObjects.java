package dev.runbox.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbox.core.InvalidRequestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Bodies of the compatibility APIs, as JSON trees. Unlike runbox's own API they accept any
 * Content-Type (curl's {@code --data} sends a form type) and unknown fields (cyber-dojo's manifest
 * carries many), but the JSON itself is still bounded: size, depth, duplicate keys, trailing
 * content.
 */
public final class JsonObjects {
  private static final ObjectMapper LENIENT = Json.mapper(false);

  private JsonObjects() {}

  /** The body as a JSON object; an empty body is an empty object. */
  public static JsonNode object(byte[] raw) {
    if (new String(raw, StandardCharsets.UTF_8).isBlank()) {
      return LENIENT.createObjectNode();
    }
    try {
      JsonNode tree = LENIENT.readTree(raw);
      if (tree == null || !tree.isObject()) {
        throw new InvalidRequestException("", "the body must be a JSON object");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("", "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new RefusalException(
          Refusal.Kind.INVALID_REQUEST,
          "the body could not be read: " + e.getClass().getSimpleName());
    }
  }

  /** A string field; empty when absent or null, refused when of another type. */
  public static Optional<String> text(JsonNode object, String field) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new InvalidRequestException(field, "'" + field + "' must be a string");
    }
    return Optional.of(v.asText());
  }

  /**
   * A whole-number field; empty when absent or null, refused when of another type or a fraction.
   */
  public static OptionalLong whole(JsonNode object, String field) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return OptionalLong.empty();
    }
    if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
      throw new InvalidRequestException(field, "'" + field + "' must be a whole number, got " + v);
    }
    if (!v.canConvertToLong()) {
      throw new InvalidRequestException(field, "'" + field + "' is too large: " + v);
    }
    return OptionalLong.of(v.asLong());
  }
}
