package jp.ishikawa.id.idp.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization of {@code k8s/} with the kustomize built into kubectl ({@code kubectl
 * kustomize}, the same renderer {@code kubectl apply -k} uses), then parses it strictly.
 */
final class Kustomize {

  private Kustomize() {}

  /** {@code k8s/} of this checkout (the tests run in {@code idp/}). */
  static Path k8s() {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("k8s/base"))) {
        return dir.resolve("k8s");
      }
    }
    throw new IllegalStateException("no k8s/ folder above " + here);
  }

  static List<HasMetadata> render(String kustomization) {
    return StrictManifests.parse(renderYaml(k8s().resolve(kustomization)));
  }

  static String renderYaml(Path kustomization) {
    Path kubectl =
        RequiredTool.require(
            "kubectl",
            "renders k8s/ with its built-in kustomize",
            "/usr/lib/google-cloud-sdk/bin/kubectl");
    try {
      Path output = Files.createTempFile("kustomize", ".yaml");
      Path errors = Files.createTempFile("kustomize", ".err");
      try {
        Process process =
            new ProcessBuilder(kubectl.toString(), "kustomize", kustomization.toString())
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("kubectl kustomize did not finish in 60 s");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "kubectl kustomize "
                  + kustomization
                  + " failed: "
                  + Files.readString(errors, StandardCharsets.UTF_8));
        }
        return Files.readString(output, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(output);
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kubectl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
