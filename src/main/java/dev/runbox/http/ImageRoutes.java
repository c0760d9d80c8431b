package dev.runbox.http;

import dev.runbox.core.Limits;
import dev.runbox.core.UnknownImageException;
import dev.runbox.images.ImageCatalogDirectory;
import dev.runbox.images.ImageManifest;
import io.javalin.http.Context;

/** {@code GET /v1/images} and {@code GET /v1/images/{name}}: the catalog, with defaults and maxima. */
final class ImageRoutes {
  private final ImageCatalogDirectory catalog;
  private final Limits maximum;

  ImageRoutes(ImageCatalogDirectory catalog, Limits maximum) {
    this.catalog = catalog;
    this.maximum = maximum;
  }

  void list(Context ctx) {
    var images = catalog.manifests().stream().map(m -> ImageBodies.image(m, maximum)).toList();
    ctx.contentType("application/json").result(Json.write(new ImageBodies.ImageList(images)));
  }

  void one(Context ctx) {
    String name = ctx.pathParam("name");
    ImageManifest m = catalog.manifest(name).orElseThrow(() -> new UnknownImageException(name));
    ctx.contentType("application/json").result(Json.write(ImageBodies.withSamples(m, maximum)));
  }
}
