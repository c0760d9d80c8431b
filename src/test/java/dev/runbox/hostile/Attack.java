package dev.runbox.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbox.sandbox.docker.ServiceFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hostile program sent to {@code POST /v1/runs}: the image, its files, the command, stdin and
 * limits.
 */
record Attack(
    String image,
    Map<String, String> files,
    String command,
    String stdin,
    Map<String, Object> limits) {
  Attack {
    files = Map.copyOf(files);
    limits = Map.copyOf(limits);
  }

  /**
   * One program from {@code hostile/programs/} on the class path, run by {@code command} with
   * {@code limits}.
   */
  static Attack program(String image, String file, String command, Map<String, Object> limits) {
    return new Attack(image, Map.of(file, text(file)), command, "", limits);
  }

  static String text(String file) {
    try (InputStream in = Attack.class.getResourceAsStream("/hostile/programs/" + file)) {
      assertThat(in).as("hostile/programs/" + file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Limits as name, value pairs: {@code limits("time_s", 3, "pids", 64)}. */
  static Map<String, Object> limits(Object... nameValue) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < nameValue.length; i += 2) {
      out.put((String) nameValue[i], nameValue[i + 1]);
    }
    return out;
  }

  Attack withFile(String path, String content) {
    Map<String, String> more = new LinkedHashMap<>(files);
    more.put(path, content);
    return new Attack(image, more, command, stdin, limits);
  }

  Attack withStdin(String input) {
    return new Attack(image, files, command, input, limits);
  }

  Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("image", image);
    body.put("files", files);
    if (command != null) {
      body.put("command", command);
    }
    if (!stdin.isEmpty()) {
      body.put("stdin", stdin);
    }
    body.put("limits", limits);
    return body;
  }

  /** Sends the attack; a run is an answer whatever the program did, so the status must be 200. */
  JsonNode send(ServiceFixture service) {
    ServiceFixture.Response r = service.post("/v1/runs", body());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  /** The fields of a run's answer that say how it ended, for one exact comparison. */
  record Ending(
      int exitStatus,
      boolean timedOut,
      String timeout,
      boolean oomKilled,
      boolean stdoutTruncated,
      boolean stderrTruncated,
      String outcome) {
    static Ending of(JsonNode run) {
      return new Ending(
          run.get("exit_status").asInt(),
          run.get("timed_out").asBoolean(),
          run.get("timeout").asText(),
          run.get("oom_killed").asBoolean(),
          run.at("/stdout/truncated").asBoolean(),
          run.at("/stderr/truncated").asBoolean(),
          run.get("outcome").asText());
    }

    /** Ended by itself with this status, nothing cut. */
    static Ending exited(int status, String outcome) {
      return new Ending(status, false, "none", false, false, false, outcome);
    }

    /** Stopped by the inner timer: 124 after TERM, 137 when TERM was ignored and KILL followed. */
    static Ending timedOut(int status) {
      return new Ending(status, true, "inner", false, false, false, "timed_out");
    }

    /** Killed by the memory limit's OOM killer. */
    static Ending oomKilled(String outcome) {
      return new Ending(137, false, "none", true, false, false, outcome);
    }

    Ending withStdoutTruncated() {
      return new Ending(exitStatus, timedOut, timeout, oomKilled, true, stderrTruncated, outcome);
    }

    Ending withStderrTruncated() {
      return new Ending(exitStatus, timedOut, timeout, oomKilled, stdoutTruncated, true, outcome);
    }
  }
}
