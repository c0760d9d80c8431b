package dev.runbox.http.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.runbox.core.FileSet;
import dev.runbox.core.Limit;
import dev.runbox.core.Limits;
import dev.runbox.images.ImageManifest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies of {@code GET /v1/images} and {@code GET /v1/images/{name}}. */
final class ImageBodies {
  private ImageBodies() {}

  record ImageList(@JsonProperty("images") List<Image> images) {}

  record Image(
      @JsonProperty("name") String name,
      @JsonProperty("language") String language,
      @JsonProperty("version") String version,
      @JsonProperty("framework") String framework,
      @JsonProperty("extension") String extension,
      @JsonProperty("default_command") String defaultCommand,
      @JsonProperty("rule_set") String ruleSet,
      @JsonProperty("runs_on") String runsOn,
      @JsonProperty("default_limits") Map<String, Number> defaultLimits,
      @JsonProperty("maximum_limits") Map<String, Number> maximumLimits) {}

  record ImageWithSamples(
      @JsonUnwrapped Image image,
      @JsonProperty("samples") Map<String, Map<String, String>> samples) {}

  static Image image(ImageManifest m, Limits maximum) {
    return new Image(
        m.name(),
        m.language(),
        m.version(),
        m.framework(),
        m.extension(),
        m.command(),
        m.rules().id(),
        m.ref(),
        limits(m.limits()),
        limits(maximum));
  }

  static ImageWithSamples withSamples(ImageManifest m, Limits maximum) {
    Map<String, Map<String, String>> samples = new LinkedHashMap<>();
    m.samples().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> samples.put(e.getKey(), texts(e.getValue())));
    return new ImageWithSamples(image(m, maximum), samples);
  }

  static Map<String, Number> limits(Limits limits) {
    Map<String, Number> out = new LinkedHashMap<>();
    for (Limit limit : Limit.values()) {
      out.put(limit.apiName(), limit.valueIn(limits));
    }
    return out;
  }

  private static Map<String, String> texts(FileSet files) {
    Map<String, String> out = new LinkedHashMap<>();
    files.files().forEach(f -> out.put(f.path(), new String(f.content(), StandardCharsets.UTF_8)));
    return out;
  }
}
