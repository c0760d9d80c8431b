package dev.runbox.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.runbox.core.InvalidRequestException;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * The JSON mappers of the edge. Every one bounds its input: nesting depth, duplicate keys, trailing
 * content. A strict one also refuses unknown fields and coerced types, for runbox's own API; the
 * compatibility APIs read trees with a lenient one. Output is plain.
 */
public final class Json {
  public static final int MAX_DEPTH = 32;

  private static final ObjectMapper STRICT = mapper(true);

  private Json() {}

  public static ObjectMapper mapper(boolean strict) {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();
    JsonMapper.Builder b =
        JsonMapper.builder(factory)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    if (!strict) {
      return b.build();
    }
    return b.addModule(new Jdk8Module())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .withCoercionConfig(
            LogicalType.Textual,
            c ->
                c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .build();
  }

  /**
   * Binds a body strictly. Reads the whole document as a tree first, so the depth limit, duplicate
   * keys and trailing content are checked everywhere, even where binding would stop early at a
   * wrong type.
   */
  public static <T> T read(byte[] body, Class<T> type) throws IOException {
    return read(tree(body), type);
  }

  /** A document as a tree, checked as {@link #read(byte[], Class)} checks it. */
  public static JsonNode tree(byte[] body) throws IOException {
    JsonNode tree = STRICT.readTree(body);
    if (tree == null || tree.isMissingNode()) {
      throw new InvalidRequestException("", "the body is empty; send a JSON object");
    }
    return tree;
  }

  /** Binds a part of a document read with {@link #tree} strictly. */
  public static <T> T read(JsonNode tree, Class<T> type) throws IOException {
    return STRICT.treeToValue(tree, type);
  }

  public static byte[] write(Object value) {
    try {
      return STRICT.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** Answers with {@code body} as application/json. */
  public static void respond(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(write(body));
  }
}
