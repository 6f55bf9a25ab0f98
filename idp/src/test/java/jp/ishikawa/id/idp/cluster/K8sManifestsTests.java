package jp.ishikawa.id.idp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code k8s/} overlays as {@code kubectl apply -k} would send them: rendered by kubectl's
 * kustomize, parsed into the fabric8 Kubernetes model with unknown fields refused, and each rule of
 * the hardening (issue 11, STYLE.md) asserted on the parsed objects.
 */
class K8sManifestsTests {

  private static final Set<String> OVERLAYS = Set.of("overlays/demo", "overlays/production");

  /** Names of settings whose value is a secret: they may only come from a Secret. */
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(password|secret|encryption.?key|pairwise.?key|token|credential).*");

  private static <T> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T extends HasMetadata> T one(
      List<HasMetadata> objects, Class<T> type, String name) {
    return all(objects, type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  private static List<PodSpec> podSpecs(List<HasMetadata> objects) {
    List<PodSpec> specs = new ArrayList<>();
    all(objects, Deployment.class).forEach(d -> specs.add(d.getSpec().getTemplate().getSpec()));
    all(objects, Job.class).forEach(j -> specs.add(j.getSpec().getTemplate().getSpec()));
    return specs;
  }

  @Test
  void strictParsingWhenFieldIsMisspelledThenRefusesIt() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: typo
        spec:
          containers:
            - name: idp
              image: ishikawa-id/idp
              securityContext:
                readOnlyRootFileSystem: true
        """;
    assertThatThrownBy(() -> StrictManifests.parse(yaml))
        .isInstanceOf(StrictManifests.UnknownFieldException.class)
        .hasMessageContaining("securityContext readOnlyRootFileSystem");
  }

  @Test
  void strictParsingWhenKindIsUnknownThenRefusesIt() {
    String yaml =
        """
        apiVersion: apps/v1
        kind: Deployments
        metadata:
          name: typo
        """;
    assertThatThrownBy(() -> StrictManifests.parse(yaml))
        .isInstanceOf(StrictManifests.UnknownFieldException.class)
        .hasMessageContaining("unknown kind");
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/demo", "overlays/production"})
  void everyPodRunsNonRootOnAReadOnlyRootWithTmpAsEmptyDir(String overlay) {
    List<HasMetadata> objects = Kustomize.render(overlay);
    assertThat(podSpecs(objects)).isNotEmpty();
    for (PodSpec pod : podSpecs(objects)) {
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      assertThat(pod.getAutomountServiceAccountToken()).isFalse();
      for (Container container : pod.getContainers()) {
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
            .as(container.getName())
            .isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop())
            .containsExactly("ALL");
        VolumeMount tmp =
            container.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/tmp"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + ": no /tmp mount"));
        Volume volume =
            pod.getVolumes().stream()
                .filter(v -> v.getName().equals(tmp.getName()))
                .findFirst()
                .orElseThrow();
        assertThat(volume.getEmptyDir()).as("/tmp is an emptyDir").isNotNull();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/demo", "overlays/production"})
  void everyContainerHasCpuAndMemoryRequestsAndLimits(String overlay) {
    for (PodSpec pod : podSpecs(Kustomize.render(overlay))) {
      for (Container container : pod.getContainers()) {
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        assertThat(requests).containsKeys("cpu", "memory");
        assertThat(limits).containsKeys("cpu", "memory");
        assertThat(Quantity.getAmountInBytes(limits.get("memory")))
            .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("memory")));
        assertThat(Quantity.getAmountInBytes(limits.get("cpu")))
            .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("cpu")));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/demo", "overlays/production"})
  void theIdpHasStartupLivenessAndReadinessProbesOnTheActuatorHealthGroups(String overlay) {
    Container idp =
        one(Kustomize.render(overlay), Deployment.class, "idp")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .getFirst();
    assertProbe(idp.getStartupProbe(), "/actuator/health/liveness");
    assertProbe(idp.getLivenessProbe(), "/actuator/health/liveness");
    assertProbe(idp.getReadinessProbe(), "/actuator/health/readiness");
    assertThat(idp.getEnv()).contains(new EnvVar("MANAGEMENT_SERVER_PORT", "9001", null));
  }

  private static void assertProbe(Probe probe, String path) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/demo", "overlays/production"})
  void noSecretValueIsInTheManifests(String overlay) {
    List<HasMetadata> objects = Kustomize.render(overlay);
    assertThat(all(objects, Secret.class)).as("Secrets are created by the operator").isEmpty();
    for (PodSpec pod : podSpecs(objects)) {
      for (Container container : pod.getContainers()) {
        for (EnvVar env : container.getEnv()) {
          if (SECRET_NAME.matcher(env.getName()).matches()) {
            assertThat(env.getValue()).as(env.getName()).isNull();
            assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName()).isNotNull();
          }
        }
      }
    }
    for (ConfigMap map : all(objects, ConfigMap.class)) {
      map.getData()
          .forEach(
              (key, value) -> {
                assertThat(key).doesNotMatch(SECRET_NAME);
                if (key.endsWith(".yml") || key.endsWith(".yaml")) {
                  settingNames(new KubernetesSerialization().unmarshal(value, Map.class), "")
                      .forEach(name -> assertThat(name).doesNotMatch(SECRET_NAME));
                }
              });
    }
  }

  private static Stream<String> settingNames(Object tree, String prefix) {
    if (tree instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .flatMap(
              e ->
                  Stream.concat(
                      Stream.of(prefix + e.getKey()),
                      settingNames(e.getValue(), prefix + e.getKey() + ".")));
    }
    if (tree instanceof List<?> list) {
      return list.stream().flatMap(item -> settingNames(item, prefix));
    }
    return Stream.empty();
  }

  @Test
  void everyNamespaceDeniesAllTrafficByDefault() {
    for (String overlay : OVERLAYS) {
      NetworkPolicy deny = one(Kustomize.render(overlay), NetworkPolicy.class, "default-deny-all");
      assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
      assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
      assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
      assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
      assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    }
  }

  @Test
  void demoIsOnePodOnEmbeddedStorage() {
    List<HasMetadata> objects = Kustomize.render("overlays/demo");
    Deployment idp = one(objects, Deployment.class, "idp");
    assertThat(idp.getSpec().getReplicas()).isEqualTo(1);
    assertThat(idp.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    Container container = idp.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(container.getArgs()).contains("--ishikawa-id.demo=true");
    assertThat(container.getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("SPRING_PROFILES_ACTIVE");
    assertThat(all(objects, Job.class)).isEmpty();
  }

  @Test
  void productionRunsThreeSpreadReplicasWithABudgetAndAnAutoscaler() {
    List<HasMetadata> objects = Kustomize.render("overlays/production");
    Deployment idp = one(objects, Deployment.class, "idp");
    Map<String, String> podLabels = idp.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(idp.getSpec().getReplicas()).isGreaterThanOrEqualTo(3);
    assertThat(idp.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
        .extracting(c -> c.getTopologyKey())
        .contains("topology.kubernetes.io/zone", "kubernetes.io/hostname");
    idp.getSpec()
        .getTemplate()
        .getSpec()
        .getTopologySpreadConstraints()
        .forEach(
            c -> assertThat(podLabels).containsAllEntriesOf(c.getLabelSelector().getMatchLabels()));

    PodDisruptionBudget budget = one(objects, PodDisruptionBudget.class, "idp");
    assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    assertThat(budget.getSpec().getMinAvailable().getIntVal())
        .isBetween(1, idp.getSpec().getReplicas() - 1);

    HorizontalPodAutoscaler autoscaler = one(objects, HorizontalPodAutoscaler.class, "idp");
    assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo("idp");
    assertThat(autoscaler.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(3);
    assertThat(autoscaler.getSpec().getMaxReplicas())
        .isGreaterThan(autoscaler.getSpec().getMinReplicas());
  }

  @Test
  void productionMigratesOnceInAJobAndReplicasOnlyValidate() {
    List<HasMetadata> objects = Kustomize.render("overlays/production");
    Job migrate = one(objects, Job.class, "idp-migrate");
    Container job = migrate.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(job.getArgs()).containsExactly("migrate-only");
    assertThat(job.getEnv()).contains(new EnvVar("SPRING_PROFILES_ACTIVE", "production", null));

    ConfigMap settings =
        all(objects, ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getName().startsWith("idp-settings"))
            .findFirst()
            .orElseThrow();
    Map<?, ?> yaml =
        new KubernetesSerialization()
            .unmarshal(settings.getData().get("application.yml"), Map.class);
    Map<?, ?> database = (Map<?, ?>) ((Map<?, ?>) yaml.get("ishikawa-id")).get("database");
    assertThat(database.get("migrations")).isEqualTo("validate");

    Container idp =
        one(objects, Deployment.class, "idp")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .getFirst();
    assertThat(idp.getEnv()).contains(new EnvVar("SPRING_PROFILES_ACTIVE", "production", null));
    assertThat(idp.getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .contains(
            "/etc/ishikawa-id/application.yml",
            "/etc/ishikawa-id/jpki/trust-anchors",
            "/var/lib/ishikawa-id/crl");
  }
}
