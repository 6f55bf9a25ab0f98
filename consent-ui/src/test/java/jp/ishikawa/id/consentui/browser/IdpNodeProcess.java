package jp.ishikawa.id.consentui.browser;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node of an IdP cluster from its built jar ({@link IdpProcess#JAR}), on its own port but with
 * the cluster's issuer (every node names the same one, as behind a load balancer), its output in
 * {@code idp-<name>.log}. Ready when its own discovery document answers.
 */
final class IdpNodeProcess implements AutoCloseable {

  private static final Duration START = Duration.ofSeconds(240);

  private final String name;
  private final URI direct;
  private final Process process;
  private final Path log;

  private IdpNodeProcess(String name, URI direct, Process process, Path log) {
    this.name = name;
    this.direct = direct;
    this.process = process;
    this.log = log;
  }

  static IdpNodeProcess start(
      Path folder, String name, int port, URI issuer, List<String> arguments) throws Exception {
    if (!Files.isRegularFile(IdpProcess.JAR)) {
      fail(
          IdpProcess.JAR.toAbsolutePath().normalize()
              + " is missing: build the IdP first (./mvnw -pl idp -am package -DskipTests)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(IdpProcess.JAR.toAbsolutePath().normalize().toString());
    command.add("--server.port=" + port);
    command.add("--management.server.port=" + IdpProcess.freePort());
    command.add("--ishikawa-id.issuer=" + issuer);
    command.addAll(arguments);
    Path log = folder.resolve("idp-" + name + ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    IdpNodeProcess node =
        new IdpNodeProcess(name, URI.create("http://localhost:" + port), process, log);
    try {
      node.awaitDiscovery();
    } catch (Throwable e) {
      node.close();
      throw e;
    }
    return node;
  }

  /** This node's own address. */
  URI direct() {
    return direct;
  }

  private void awaitDiscovery() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI discovery = direct.resolve("/.well-known/openid-configuration");
    Instant deadline = Instant.now().plus(START);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        fail("IdP node " + name + " stopped (exit " + process.exitValue() + "):\n" + tail());
      }
      try {
        if (http.send(
                    HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(500);
    }
    fail("IdP node " + name + " did not answer " + discovery + " within " + START + ":\n" + tail());
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
