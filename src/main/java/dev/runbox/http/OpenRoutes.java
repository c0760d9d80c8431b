package dev.runbox.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.runbox.core.Readiness;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The routes open without a token: liveness, readiness, metrics and the API description. */
final class OpenRoutes {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Readiness readiness;
  private final PrometheusMeterRegistry registry;
  private final byte[] openApi;

  OpenRoutes(Readiness readiness, PrometheusMeterRegistry registry) {
    this.readiness = readiness;
    this.registry = registry;
    this.openApi = resource("/openapi.json");
  }

  record Health(@JsonProperty("status") String status) {}

  void live(Context ctx) {
    ctx.contentType("application/json").result(Json.write(new Health("live")));
  }

  void ready(Context ctx) {
    Readiness.Status s = readiness.check();
    if (s.ready()) {
      ctx.contentType("application/json").result(Json.write(new Health("ready")));
    } else {
      ErrorMapper.write(
          ctx,
          Problem.of(Problem.Type.NOT_READY, String.join("; ", s.problems()))
              .withProblems(s.problems()));
    }
  }

  void metrics(Context ctx) {
    ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape());
  }

  void openApi(Context ctx) {
    ctx.contentType("application/json").result(openApi);
  }

  static byte[] resource(String name) {
    try (InputStream in = OpenRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
