package dev.runbox.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.hostile.Attack.Ending;
import dev.runbox.sandbox.docker.ServiceFixture;
import java.time.Duration;
import java.util.Map;

/** The service the hostile suites attack, and the checks every attack is followed by. */
final class HostileService {
  /** The files of a run that left /sandbox as it found it. */
  static final String NO_FILE_CHANGES =
      "{\"created\":{},\"changed\":{},\"deleted\":[],\"complete\":true}";

  private static final Duration REMOVALS = Duration.ofSeconds(90);

  private HostileService() {}

  /**
   * The real service with a warm tiny container (the normal runs and the tiny attacks take warm
   * containers, the others cold ones). outer_grace_s is 5, the default: on a loaded machine the
   * wrapper's report can come seconds after the inner timer fired, and with a grace of 2 a program
   * ignoring TERM was sometimes stopped by the outer deadline instead. These suites assert the
   * inner timer's exact result; TimeoutIT has the outer one.
   */
  static ServiceFixture start() throws InterruptedException {
    ServiceFixture service =
        new ServiceFixture(Map.of("pool_images", "tiny", "pool_size", "1", "outer_grace_s", "5"));
    assertThat(service.awaitWarm("tiny", 1, Duration.ofSeconds(90)))
        .as("a warm tiny container")
        .isTrue();
    return service;
  }

  /**
   * A normal run is answered correctly, then (bounded wait) only the pool's idle containers are
   * left.
   */
  static void assertANormalRunIsAnsweredAndNothingIsLeft(ServiceFixture service) {
    JsonNode ok = new Attack("tiny", Map.of(), "echo ok", "", Map.of()).send(service);

    assertEnding(ok, Ending.exited(0, "completed"));
    assertThat(stdout(ok)).isEqualTo("ok\n");
    service.awaitOnlyWarmContainers(REMOVALS);
  }

  /** The run ended exactly so, and left /sandbox as it found it. */
  static void assertEnding(JsonNode run, Ending expected) {
    assertThat(Ending.of(run)).as(run.toString()).isEqualTo(expected);
    assertThat(run.get("files")).as("files").hasToString(NO_FILE_CHANGES);
  }

  static String stdout(JsonNode run) {
    return run.at("/stdout/content").asText();
  }
}
