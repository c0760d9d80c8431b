package dev.runbox.sandbox.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.runbox.core.Readiness;
import java.util.ArrayList;
import java.util.List;

/** Ready when the engine answers and every catalog image is present on it. */
public final class EngineReadiness implements Readiness {
  private final Engine engine;
  private final List<String> imageRefs;

  public EngineReadiness(Engine engine, List<String> imageRefs) {
    this.engine = engine;
    this.imageRefs = List.copyOf(imageRefs);
  }

  @Override
  public Status check() {
    try {
      engine.control().pingCmd().exec();
    } catch (RuntimeException e) {
      return new Status(
          List.of("the Docker engine at " + engine.host() + " does not answer: " + e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    for (String ref : imageRefs) {
      try {
        engine.control().inspectImageCmd(ref).exec();
      } catch (NotFoundException e) {
        problems.add("image " + ref + " is missing; build it with 'runbox images build'");
      } catch (RuntimeException e) {
        problems.add("image " + ref + " could not be inspected: " + e.getMessage());
      }
    }
    return new Status(problems);
  }
}
