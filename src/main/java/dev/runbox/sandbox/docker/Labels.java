package dev.runbox.sandbox.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels on every container runbox creates; the reaper finds its work through them. */
final class Labels {
  /** Present on every runbox container: {@code docker ps -a --filter label=runbox}. */
  static final String RUNBOX = "runbox";

  static final String INSTANCE = "runbox.instance";
  static final String RUN = "runbox.run";
  static final String DEADLINE = "runbox.deadline";
  static final String OWNER_PID = "runbox.owner-pid";
  static final String OWNER_HOST = "runbox.owner-host";

  private Labels() {}

  static Map<String, String> forRun(
      String instanceId, String runId, Instant deadline, Owner owner) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(RUNBOX, "1");
    labels.put(INSTANCE, instanceId);
    labels.put(RUN, runId);
    labels.put(DEADLINE, Long.toString(deadline.getEpochSecond()));
    labels.put(OWNER_PID, Long.toString(owner.pid()));
    labels.put(OWNER_HOST, owner.host());
    return labels;
  }

  /** The process that owns a container: its pid on its host. */
  record Owner(long pid, String host) {
    static Owner current() {
      return new Owner(ProcessHandle.current().pid(), hostName());
    }

    private static String hostName() {
      try {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      } catch (IOException e) {
        return "unknown";
      }
    }
  }
}
