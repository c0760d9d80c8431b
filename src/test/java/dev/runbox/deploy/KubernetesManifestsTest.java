package dev.runbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.runbox.config.ConfigKey;
import dev.runbox.config.ConfigKeys;
import dev.runbox.core.Deadlines;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renders deploy/k8s with {@code kubectl kustomize} (the base and the host-socket overlay) and
 * checks what runbox needs of them: the kinds, probes on /health/*, resources on every container,
 * the service container's security context, the secret that names the job store, the KEDA
 * ScaledObject's target and query, and a drain that fits the grace period. Nothing here talks to a
 * cluster. kubectl is required (Debian's kubernetes-client; RUNBOX_KUBECTL names another one): the
 * test fails without it rather than skip.
 */
class KubernetesManifestsTest {
  private static final Path BASE = Path.of("deploy/k8s/base");
  private static final Path HOST_SOCKET = Path.of("deploy/k8s/overlays/host-socket");
  private static final Path MIGRATION =
      Path.of("src/main/resources/dev/runbox/jobs/store/migration/postgresql/V1__jobs.sql");
  private static final long RENDER_TIMEOUT_S = 60;
  private static final String INSTALL =
      ": this test renders deploy/k8s with `kubectl kustomize`. Install Debian's"
          + " kubernetes-client (apt-get install -y kubernetes-client; scripts/test.sh does) or"
          + " set RUNBOX_KUBECTL to a kubectl";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static List<JsonNode> base;
  private static List<JsonNode> hostSocket;

  @BeforeAll
  static void render() throws Exception {
    String kubectl = kubectl();
    base = render(kubectl, BASE);
    hostSocket = render(kubectl, HOST_SOCKET);
  }

  @Test
  void theBaseHoldsADeploymentAServiceAndAScaledObject() {
    assertThat(kinds(base)).contains("Deployment", "Service", "ScaledObject");
    assertThat(kinds(hostSocket)).contains("Deployment", "Service", "ScaledObject");
    assertThat(kinds(base)).as("PostgreSQL and its Secret are external").doesNotContain("Secret");
  }

  @Test
  void theBaseRunsItsOwnEngineAsAPrivilegedSidecarSharingOnlyASocketFolder() {
    JsonNode pod = podSpec(base);
    JsonNode engine = container(pod, "engine");
    assertThat(engine.path("securityContext").path("privileged").asBoolean())
        .as("dockerd needs a privileged container")
        .isTrue();
    assertThat(privilegedContainers(pod)).containsExactly("engine");
    String socket = env(container(pod, "runbox"), "RUNBOX_DOCKER_HOST").path("value").asText();
    assertThat(socket).startsWith("unix://");
    String socketDir = Path.of(socket.substring("unix://".length())).getParent().toString();
    assertThat(mountedVolume(container(pod, "runbox"), socketDir))
        .as("the service mounts the socket folder")
        .isPresent()
        .isEqualTo(mountedVolume(engine, socketDir));
    assertThat(volume(pod, mountedVolume(engine, socketDir).orElseThrow()).has("emptyDir"))
        .isTrue();
    assertThat(pod.path("shareProcessNamespace").asBoolean())
        .as("the engine's preStop waits for the service's process")
        .isTrue();
    assertThat(hostPaths(pod)).as("nothing of the node is mounted").isEmpty();
  }

  @Test
  void theHostSocketOverlayHasNoSidecarNoPrivilegeAndMountsTheNodesSocket() {
    JsonNode pod = podSpec(hostSocket);
    assertThat(names(pod.path("containers"))).containsExactly("runbox");
    assertThat(privilegedContainers(pod)).isEmpty();
    JsonNode service = container(pod, "runbox");
    String socket = env(service, "RUNBOX_DOCKER_HOST").path("value").asText();
    assertThat(socket).isEqualTo("unix:///var/run/docker.sock");
    String volumeName = mountedVolume(service, "/var/run/docker.sock").orElseThrow();
    JsonNode hostPath = volume(pod, volumeName).path("hostPath");
    assertThat(hostPath.path("path").asText()).isEqualTo("/var/run/docker.sock");
    assertThat(hostPath.path("type").asText()).isEqualTo("Socket");
    assertThat(pod.path("securityContext").path("supplementalGroups").size())
        .as("the socket's group")
        .isPositive();
    assertThat(names(pod.path("volumes"))).noneMatch(n -> n.startsWith("engine"));
    assertThat(names(service.path("volumeMounts"))).noneMatch(n -> n.startsWith("engine"));
  }

  @Test
  void theServiceIsProbedOnItsHealthEndpoints() {
    for (List<JsonNode> docs : List.of(base, hostSocket)) {
      JsonNode service = container(podSpec(docs), "runbox");
      assertThat(service.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
      assertThat(service.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
      assertThat(service.at("/startupProbe/httpGet/path").asText()).startsWith("/health/");
      for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
        assertThat(port(service, service.path(probe).path("httpGet").path("port")))
            .as(probe + " port")
            .isEqualTo(4597);
      }
    }
  }

  @Test
  void everyContainerHasRequestsAndLimits() {
    for (List<JsonNode> docs : List.of(base, hostSocket)) {
      for (JsonNode c : podSpec(docs).path("containers")) {
        for (String kind : List.of("requests", "limits")) {
          for (String resource : List.of("cpu", "memory")) {
            assertThat(c.path("resources").path(kind).path(resource).asText())
                .as(c.path("name").asText() + " " + kind + "." + resource)
                .isNotEmpty();
          }
        }
      }
    }
  }

  @Test
  void theServiceContainerIsNonRootReadOnlyAndWithoutCapabilities() {
    for (List<JsonNode> docs : List.of(base, hostSocket)) {
      JsonNode pod = podSpec(docs);
      JsonNode sc = container(pod, "runbox").path("securityContext");
      assertThat(sc.path("runAsNonRoot").asBoolean()).isTrue();
      assertThat(sc.path("runAsUser").asInt()).isEqualTo(10000);
      assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
      assertThat(sc.path("allowPrivilegeEscalation").isBoolean()).isTrue();
      assertThat(sc.path("allowPrivilegeEscalation").asBoolean()).isFalse();
      assertThat(sc.path("privileged").asBoolean()).isFalse();
      assertThat(texts(sc.path("capabilities").path("drop"))).contains("ALL");
      assertThat(sc.path("capabilities").path("add").size()).isZero();
      assertThat(pod.path("automountServiceAccountToken").isBoolean()).isTrue();
      assertThat(pod.path("automountServiceAccountToken").asBoolean()).isFalse();
      assertThat(mountedVolume(container(pod, "runbox"), "/tmp"))
          .as("a writable /tmp on the read-only root")
          .isPresent();
    }
  }

  @Test
  void theJobStoreAndTheTokensComeFromASecret() {
    for (List<JsonNode> docs : List.of(base, hostSocket)) {
      JsonNode service = container(podSpec(docs), "runbox");
      for (String name : List.of("RUNBOX_JOBS_URL", "RUNBOX_TOKENS")) {
        JsonNode ref = env(service, name).path("valueFrom").path("secretKeyRef");
        assertThat(ref.path("name").asText()).as(name).isNotEmpty();
        assertThat(ref.path("key").asText()).as(name).isNotEmpty();
        assertThat(ref.path("optional").asBoolean()).as(name).isFalse();
      }
    }
  }

  @Test
  void everyRunboxVariableIsAConfigurationKey() {
    Set<String> known =
        ConfigKeys.all().stream().map(ConfigKey::envName).collect(Collectors.toSet());
    for (List<JsonNode> docs : List.of(base, hostSocket)) {
      for (String name : names(container(podSpec(docs), "runbox").path("env"))) {
        if (name.startsWith("RUNBOX_")) {
          assertThat(known).as("an unknown key stops the service at start-up").contains(name);
        }
      }
    }
  }

  @Test
  void theGracePeriodOutlastsTheDrain() {
    Deadlines longest =
        new Deadlines(
            defaultDuration("limits.max.time_s"), defaultDuration("outer_grace_s"), Duration.ZERO);
    Duration drain = longest.httpDrain(defaultDuration("queue_timeout_s"));
    for (List<JsonNode> docs : List.of(base, hostSocket)) {
      JsonNode pod = podSpec(docs);
      assertThat(container(pod, "runbox").path("env").findValuesAsText("name"))
          .as("the drain is computed from the defaults")
          .doesNotContain(
              "RUNBOX_LIMITS_MAX_TIME_S", "RUNBOX_OUTER_GRACE_S", "RUNBOX_QUEUE_TIMEOUT_S");
      long preStop = 5;
      assertThat(pod.path("terminationGracePeriodSeconds").asLong())
          .isGreaterThan(drain.toSeconds() + preStop);
    }
  }

  @Test
  void theKubernetesServiceSelectsThePodsOnPort4597() {
    for (List<JsonNode> docs : List.of(base, hostSocket)) {
      JsonNode svc = one(docs, "Service");
      assertThat(svc.at("/spec/type").asText()).isEqualTo("ClusterIP");
      assertThat(svc.at("/spec/ports/0/port").asInt()).isEqualTo(4597);
      JsonNode labels = one(docs, "Deployment").at("/spec/template/metadata/labels");
      svc.at("/spec/selector")
          .properties()
          .forEach(e -> assertThat(labels.path(e.getKey())).isEqualTo(e.getValue()));
    }
  }

  @Test
  void theScaledObjectScalesTheDeploymentOnTheJobTable() throws IOException {
    String migration = Files.readString(MIGRATION, StandardCharsets.UTF_8);
    assertThat(migration).contains("CREATE TABLE runbox_job (", "status ", "queued");
    for (List<JsonNode> docs : List.of(base, hostSocket)) {
      JsonNode so = one(docs, "ScaledObject");
      JsonNode deployment = one(docs, "Deployment");
      assertThat(so.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
      assertThat(so.at("/spec/scaleTargetRef/name").asText())
          .isEqualTo(deployment.at("/metadata/name").asText());
      assertThat(so.at("/spec/minReplicaCount").asInt())
          .as("the synchronous API needs a pod")
          .isPositive();
      JsonNode trigger = so.at("/spec/triggers/0");
      assertThat(trigger.path("type").asText()).isEqualTo("postgresql");
      assertThat(trigger.at("/metadata/query").asText())
          .contains("FROM runbox_job", "status", "'queued'");
      JsonNode source =
          container(podSpec(docs), so.at("/spec/scaleTargetRef/envSourceContainerName").asText());
      String variable = trigger.at("/metadata/connectionFromEnv").asText();
      assertThat(variable).isEqualTo("RUNBOX_JOBS_URL");
      assertThat(env(source, variable).path("valueFrom").has("secretKeyRef")).isTrue();
    }
  }

  // --- rendering ---

  /** kubectl from RUNBOX_KUBECTL or the PATH; fails, never skips, when there is none. */
  private static String kubectl() {
    String named = System.getenv("RUNBOX_KUBECTL");
    if (named != null && !named.isBlank()) {
      if (Files.isExecutable(Path.of(named))) {
        return named;
      }
      return fail("RUNBOX_KUBECTL=" + named + " is not an executable file" + INSTALL);
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
        return Path.of(dir, "kubectl").toString();
      }
    }
    return fail("kubectl is not on the PATH" + INSTALL);
  }

  private static List<JsonNode> render(String kubectl, Path dir) throws Exception {
    Path out = Files.createTempFile("runbox-kustomize", ".yaml");
    Path err = Files.createTempFile("runbox-kustomize", ".err");
    try {
      Process p =
          new ProcessBuilder(kubectl, "kustomize", dir.toString())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(RENDER_TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        fail("kubectl kustomize " + dir + " did not finish within " + RENDER_TIMEOUT_S + " s");
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("kubectl kustomize " + dir + ": " + stderr).isZero();
      List<JsonNode> docs = new ArrayList<>();
      try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(out.toFile())) {
        while (it.hasNext()) {
          JsonNode doc = it.next();
          if (doc != null && !doc.isNull() && !doc.isEmpty()) {
            docs.add(doc);
          }
        }
      }
      assertThat(docs).as("documents rendered from " + dir).isNotEmpty();
      return docs;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  // --- reading the documents ---

  private static List<String> kinds(List<JsonNode> docs) {
    return docs.stream().map(d -> d.path("kind").asText()).toList();
  }

  private static JsonNode one(List<JsonNode> docs, String kind) {
    List<JsonNode> found = docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    assertThat(found).as("documents of kind " + kind).hasSize(1);
    return found.get(0);
  }

  private static JsonNode podSpec(List<JsonNode> docs) {
    return one(docs, "Deployment").at("/spec/template/spec");
  }

  private static JsonNode container(JsonNode pod, String name) {
    return named(pod.path("containers"), name, "container");
  }

  private static JsonNode volume(JsonNode pod, String name) {
    return named(pod.path("volumes"), name, "volume");
  }

  private static JsonNode env(JsonNode container, String name) {
    return named(container.path("env"), name, "environment variable");
  }

  private static JsonNode named(JsonNode list, String name, String what) {
    for (JsonNode n : list) {
      if (name.equals(n.path("name").asText())) {
        return n;
      }
    }
    return fail("no " + what + " named " + name + " in " + list);
  }

  private static List<String> names(JsonNode list) {
    return StreamSupport.stream(list.spliterator(), false)
        .map(n -> n.path("name").asText())
        .toList();
  }

  private static List<String> texts(JsonNode list) {
    return StreamSupport.stream(list.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static List<String> privilegedContainers(JsonNode pod) {
    return StreamSupport.stream(pod.path("containers").spliterator(), false)
        .filter(c -> c.path("securityContext").path("privileged").asBoolean())
        .map(c -> c.path("name").asText())
        .toList();
  }

  private static List<String> hostPaths(JsonNode pod) {
    return StreamSupport.stream(pod.path("volumes").spliterator(), false)
        .filter(v -> v.has("hostPath"))
        .map(v -> v.path("name").asText())
        .toList();
  }

  /** The volume a container mounts at exactly {@code mountPath}. */
  private static Optional<String> mountedVolume(JsonNode container, String mountPath) {
    for (JsonNode m : container.path("volumeMounts")) {
      if (mountPath.equals(m.path("mountPath").asText())) {
        return Optional.of(m.path("name").asText());
      }
    }
    return Optional.empty();
  }

  /** A probe's port: a number, or the name of one of the container's ports. */
  private static int port(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    return named(container.path("ports"), port.asText(), "port").path("containerPort").asInt();
  }

  private static Duration defaultDuration(String key) {
    ConfigKey<?> k =
        ConfigKeys.all().stream()
            .filter(c -> c.name().equals(key))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no configuration key " + key));
    Object value = k.parse(k.defaultValue());
    if (value instanceof Duration d) {
      return d;
    }
    if (value instanceof Number seconds && key.endsWith("_s")) {
      return Duration.ofMillis(Math.round(seconds.doubleValue() * 1000));
    }
    return fail(key + " is not a duration: " + value);
  }
}
