package dev.runbox.http.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of {@code POST /v1/runs} as sent; every field but {@code image} may be left out
 * (Jackson leaves it null). {@link RunBodies} turns it into a core request.
 */
public record RunBody(
    @JsonProperty("image") String image,
    @JsonProperty("files") Map<String, String> files,
    @JsonProperty("files_base64") Map<String, String> filesBase64,
    @JsonProperty("executable") List<String> executable,
    @JsonProperty("command") String command,
    @JsonProperty("stdin") String stdin,
    @JsonProperty("limits") Map<String, Double> limits) {}
