package dev.runbox.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a JSON value against the OpenAPI document's schemas: the subset the document uses ($ref,
 * allOf, anyOf, type, enum, properties, required, additionalProperties, items). A field the schema
 * does not name fails, so the document cannot fall behind the responses.
 */
final class SchemaCheck {
  private final JsonNode document;

  SchemaCheck(JsonNode document) {
    this.document = document;
  }

  JsonNode schema(String name) {
    JsonNode s = document.at("/components/schemas/" + name);
    assertThat(s.isMissingNode()).as("schema " + name).isFalse();
    return s;
  }

  void conforms(JsonNode value, JsonNode schema, String at) {
    JsonNode s = resolve(schema);
    if (s.has("anyOf")) {
      anyOf(value, s.get("anyOf"), at);
      return;
    }
    checkType(value, s, at);
    if (s.has("enum")) {
      assertThat(s.get("enum")).as(at + " is one of the enum").contains(value);
    }
    if (value.isObject()) {
      checkObject(value, s, at);
    } else if (value.isArray() && s.has("items")) {
      int i = 0;
      for (JsonNode item : value) {
        conforms(item, s.get("items"), at + "[" + i++ + "]");
      }
    }
  }

  /** The value fits at least one of the alternatives (the only keyword beside anyOf here). */
  private void anyOf(JsonNode value, JsonNode alternatives, String at) {
    List<String> misses = new ArrayList<>();
    for (JsonNode alternative : alternatives) {
      try {
        conforms(value, alternative, at);
        return;
      } catch (AssertionError e) {
        misses.add(e.getMessage());
      }
    }
    fail(at + " = " + value + " fits none of its anyOf: " + misses);
  }

  private void checkObject(JsonNode value, JsonNode s, String at) {
    Map<String, JsonNode> properties = properties(s);
    JsonNode additional = additional(s);
    for (Map.Entry<String, JsonNode> f : value.properties()) {
      String where = at + "." + f.getKey();
      if (properties.containsKey(f.getKey())) {
        conforms(f.getValue(), properties.get(f.getKey()), where);
      } else {
        assertThat(additional).as(where + " is not documented").isNotNull();
        conforms(f.getValue(), additional, where);
      }
    }
    for (String r : required(s)) {
      assertThat(value.has(r)).as(at + " has required " + r).isTrue();
    }
  }

  private void checkType(JsonNode value, JsonNode s, String at) {
    if (!s.has("type")) {
      return;
    }
    Set<String> types = new HashSet<>();
    if (s.get("type").isArray()) {
      s.get("type").forEach(t -> types.add(t.asText()));
    } else {
      types.add(s.get("type").asText());
    }
    assertThat(types).as(at + " = " + value + " has a documented type").contains(typeOf(value));
  }

  private static String typeOf(JsonNode v) {
    if (v.isObject()) {
      return "object";
    }
    if (v.isArray()) {
      return "array";
    }
    if (v.isTextual()) {
      return "string";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    if (v.isNull()) {
      return "null";
    }
    return v.isIntegralNumber() ? "integer" : "number";
  }

  private Map<String, JsonNode> properties(JsonNode s) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    s.path("properties").properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    s.path("allOf").forEach(sub -> out.putAll(properties(resolve(sub))));
    return out;
  }

  private Set<String> required(JsonNode s) {
    Set<String> out = new HashSet<>();
    s.path("required").forEach(r -> out.add(r.asText()));
    s.path("allOf").forEach(sub -> out.addAll(required(resolve(sub))));
    return out;
  }

  private JsonNode additional(JsonNode s) {
    JsonNode a = s.get("additionalProperties");
    if (a != null && a.isObject()) {
      return a;
    }
    for (JsonNode sub : s.path("allOf")) {
      JsonNode found = additional(resolve(sub));
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  JsonNode resolve(JsonNode s) {
    while (s.has("$ref")) {
      String ref = s.get("$ref").asText();
      assertThat(ref).startsWith("#/");
      s = document.at(ref.substring(1));
      assertThat(s.isMissingNode()).as(ref + " exists").isFalse();
    }
    return s;
  }
}
