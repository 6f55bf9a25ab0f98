package jp.ishikawa.id.idp.cluster;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.ishikawa.id.idp.IdpApplication;
import jp.ishikawa.id.idp.testing.LocalPorts;

/**
 * One IdP node: a JVM of its own (so it can be killed with {@code kill -9}), running {@link
 * IdpApplication} from this build's classpath with the production profile, on its own public and
 * management ports; its JSON log goes to a file.
 */
final class IdpNode implements AutoCloseable {

  private final String name;
  private final int port = LocalPorts.unused();
  private final int managementPort = LocalPorts.unused();
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;

  IdpNode(String name, Path directory) {
    this.name = name;
    this.log = directory.resolve("node-" + name + ".log");
  }

  /** The JVM command for {@code IdpApplication} with {@code arguments}, small heap. */
  static List<String> javaCommand(List<String> arguments) {
    String classpath = System.getProperty("surefire.test.class.path");
    if (classpath == null || classpath.isBlank()) {
      classpath = System.getProperty("java.class.path");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx320m",
            "-Xss512k",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1",
            "-Dspring.main.banner-mode=off",
            "-cp",
            String.join(File.pathSeparator, classpath.split(File.pathSeparator)),
            IdpApplication.class.getName()));
    command.addAll(arguments);
    return command;
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  int managementPort() {
    return managementPort;
  }

  /** This node's own address, bypassing the load balancer. */
  URI direct() {
    return URI.create("http://localhost:" + port);
  }

  Path log() {
    return log;
  }

  void start(List<String> settings) {
    List<String> arguments = new ArrayList<>(settings);
    arguments.add("--server.port=" + port);
    arguments.add("--management.server.port=" + managementPort);
    process = ChildProcess.start(javaCommand(arguments), log);
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** The readiness probe's answer (the HTTP status; 0 when nothing answers). */
  int readiness() {
    return health("/actuator/health/readiness");
  }

  int liveness() {
    return health("/actuator/health/liveness");
  }

  private int health(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (java.io.IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** A page of the management port (Prometheus metrics). */
  String management(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  void awaitReady(Duration limit) {
    ChildProcess.await(
        "node " + name + " ready",
        limit,
        () -> {
          if (!alive()) {
            throw new IllegalStateException("node " + name + " exited" + ChildProcess.tail(log));
          }
          return readiness() == 200;
        });
  }

  /** {@code kill -9}. */
  void kill() {
    ChildProcess.kill(process);
  }

  @Override
  public void close() {
    ChildProcess.stop(process);
  }
}
