package dev.runbox.http.api;

import dev.runbox.core.Limits;
import dev.runbox.core.UnknownImageException;
import dev.runbox.http.ImageDescriptions;
import dev.runbox.http.Json;
import dev.runbox.images.ImageManifest;
import io.javalin.http.Context;

/**
 * {@code GET /v1/images} and {@code GET /v1/images/{name}}: the catalog, with defaults and maxima.
 */
final class ImageRoutes {
  private final ImageDescriptions catalog;
  private final Limits maximum;

  ImageRoutes(ImageDescriptions catalog, Limits maximum) {
    this.catalog = catalog;
    this.maximum = maximum;
  }

  void list(Context ctx) {
    var images = catalog.manifests().stream().map(m -> ImageBodies.image(m, maximum)).toList();
    Json.respond(ctx, 200, new ImageBodies.ImageList(images));
  }

  void one(Context ctx) {
    String name = ctx.pathParam("name");
    ImageManifest m = catalog.manifest(name).orElseThrow(() -> new UnknownImageException(name));
    Json.respond(ctx, 200, ImageBodies.withSamples(m, maximum));
  }
}
