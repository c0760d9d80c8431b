package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * A judge's session takes a warm container when one fits: the pool's only warm container is gone
 * after the judge (taken, never idle-recycled in so short a time), the judge was right, the pool
 * makes a new one, and nothing else is left.
 */
@org.junit.jupiter.api.Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
class JudgeWarmIT {
  @Test
  void aSessionTakesTheWarmContainerAndThePoolRefills() throws Exception {
    try (ServiceFixture service =
        new ServiceFixture(
            Map.of("pool_images", "python", "pool_size", "1", "pool_min_size", "1"))) {
      assertThat(service.awaitWarm("python", 1, Duration.ofSeconds(90))).isTrue();
      Set<String> before = ids(service.containers());

      ServiceFixture.Response response =
          service.post(
              "/v1/judge",
              Map.of(
                  "image",
                  "python",
                  "files",
                  Map.of("main.py", "a, b = map(int, input().split())\nprint(a + b)\n"),
                  "tests",
                  List.of(
                      JudgeIT.test("one", "1 2\n", "3\n"),
                      JudgeIT.test("two", "2 2\n", "5\n"),
                      JudgeIT.test("limited", "3 3\n", "6\n", Map.of("memory_mib", 64)))));

      JsonNode r = response.json();
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      assertThat(r.get("verdict").asText()).as(r.toString()).isEqualTo("wrong_answer");
      assertThat(r.at("/summary/passed").asInt()).isEqualTo(2);
      assertThat(service.awaitWarm("python", 1, Duration.ofSeconds(90))).isTrue();
      service.awaitOnlyWarmContainers(Duration.ofSeconds(60));
      assertThat(ids(service.containers()))
          .as("the warm container was taken")
          .doesNotContainAnyElementsOf(before);
    }
  }

  private static Set<String> ids(List<Container> containers) {
    return containers.stream().map(Container::getId).collect(Collectors.toSet());
  }
}
