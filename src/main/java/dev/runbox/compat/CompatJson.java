package dev.runbox.compat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.runbox.core.InvalidRequestException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Bodies of the compatibility APIs. Unlike runbox's own API they accept any Content-Type (curl's
 * {@code --data} sends a form type) and unknown fields (cyber-dojo's manifest carries many), but
 * the JSON itself is still bounded: size, depth, duplicate keys, trailing content.
 */
final class CompatJson {
  static final int MAX_DEPTH = 32;
  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private CompatJson() {}

  /** The body as a JSON object, read up to {@code maxBytes}; an empty body is an empty object. */
  static JsonNode readObject(Context ctx, long maxBytes) {
    byte[] raw;
    try (InputStream in = ctx.req().getInputStream()) {
      raw = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 16));
    } catch (IOException e) {
      throw new CompatFailure(400, "the body could not be read: " + e.getClass().getSimpleName());
    }
    if (raw.length > maxBytes) {
      throw new CompatFailure(413, "the body is larger than " + maxBytes + " bytes");
    }
    if (new String(raw, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return MAPPER.createObjectNode();
    }
    try {
      JsonNode tree = MAPPER.readTree(raw);
      if (tree == null || !tree.isObject()) {
        throw new InvalidRequestException("", "the body must be a JSON object");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("", "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new CompatFailure(400, "the body could not be read: " + e.getClass().getSimpleName());
    }
  }

  static void write(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** A string field; empty when absent or null, refused when of another type. */
  static Optional<String> text(JsonNode object, String field) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new InvalidRequestException(field, "'" + field + "' must be a string");
    }
    return Optional.of(v.asText());
  }

  /** A whole-number field; empty when absent or null, refused when of another type or a fraction. */
  static OptionalLong whole(JsonNode object, String field) {
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
