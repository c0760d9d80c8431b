package dev.runbox.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Says what is wrong with a body Jackson refused, in the API's words, without Java class names. */
final class JsonProblems {
  private JsonProblems() {}

  static Refusal of(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return invalid(
          "the JSON is nested too deeply (more than " + Json.MAX_DEPTH + " levels) or too large",
          "");
    }
    if (e instanceof UnrecognizedPropertyException u) {
      return invalid(
          "unknown field '"
              + u.getPropertyName()
              + "'; known fields: "
              + known(u.getKnownPropertyIds()),
          path(u));
    }
    if (e instanceof MismatchedInputException m) {
      return mismatched(m);
    }
    if (e instanceof JsonMappingException j
        && j.getCause() instanceof JsonProcessingException inner) {
      return of(inner);
    }
    return invalid("malformed JSON" + where(e.getLocation()) + ": " + e.getOriginalMessage(), "");
  }

  private static Refusal mismatched(MismatchedInputException m) {
    String path = path(m);
    if (m.getOriginalMessage().startsWith("Trailing token")) {
      return invalid("unexpected content after the JSON object" + where(m.getLocation()), "");
    }
    if (path.isEmpty()) {
      return invalid("the body must be a JSON object", "");
    }
    return invalid("'" + path + "' must be " + jsonType(m.getTargetType()), path);
  }

  private static String jsonType(Class<?> target) {
    if (target == null) {
      return "of another JSON type";
    }
    if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
      return "a number";
    }
    if (CharSequence.class.isAssignableFrom(target)) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(target)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(target) || target.isRecord()) {
      return "an object";
    }
    return "of another JSON type";
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String known(Collection<Object> ids) {
    List<String> names = ids == null ? List.of() : ids.stream().map(String::valueOf).toList();
    return String.join(", ", new TreeSet<>(names));
  }

  private static String where(JsonLocation at) {
    return at == null || at.getLineNr() < 0
        ? ""
        : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  private static Refusal invalid(String detail, String field) {
    return new Refusal(Refusal.Kind.INVALID_REQUEST, detail, field, Map.of());
  }
}
