package jp.ishikawa.id.consentui.browser;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real IdP, from its built jar ({@code ../idp/target/idp.jar}: in the reactor, idp is packaged
 * before consent-ui's tests run), as a child process on a free port with its data in a folder of
 * the test's. Its output goes to {@code idp.log} there, whose end is shown when it fails to start.
 */
final class IdpProcess implements AutoCloseable {

  static final Path JAR = Path.of("..", "idp", "target", "idp.jar");
  private static final Duration START = Duration.ofSeconds(240);

  private final Process process;
  private final URI issuer;
  private final Path log;

  private IdpProcess(Process process, URI issuer, Path log) {
    this.process = process;
    this.issuer = issuer;
    this.log = log;
  }

  /** Starts the IdP with {@code arguments} (plus port, issuer) and waits for its discovery. */
  static IdpProcess start(Path folder, int port, List<String> arguments) throws Exception {
    if (!Files.isRegularFile(JAR)) {
      fail(
          JAR.toAbsolutePath().normalize()
              + " is missing: build the IdP first (./mvnw -pl idp -am package -DskipTests), or"
              + " run consent-ui's tests in the reactor (./mvnw verify), where idp is packaged"
              + " before them");
    }
    URI issuer = URI.create("http://localhost:" + port);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(JAR.toAbsolutePath().normalize().toString());
    command.add("--server.port=" + port);
    command.add("--ishikawa-id.issuer=" + issuer);
    command.addAll(arguments);
    Path log = folder.resolve("idp.log");
    Process process =
        new ProcessBuilder(command)
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    IdpProcess idp = new IdpProcess(process, issuer, log);
    try {
      idp.awaitDiscovery();
    } catch (Throwable e) {
      idp.close();
      throw e;
    }
    return idp;
  }

  URI issuer() {
    return issuer;
  }

  private void awaitDiscovery() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI discovery = issuer.resolve("/.well-known/openid-configuration");
    Instant deadline = Instant.now().plus(START);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        fail("the IdP stopped (exit " + process.exitValue() + "):\n" + tail());
      }
      try {
        HttpResponse<Void> answer =
            http.send(
                HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(500);
    }
    fail("the IdP did not answer " + discovery + " within " + START + ":\n" + tail());
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /**
   * A free port for a server started later, taken from below Linux's ephemeral range (32768 up):
   * binding port 0 would give one from that range, which an outgoing connection (PostgreSQL's,
   * Redis's, the browser's) can take before the server binds it. idp's {@code LocalPorts}, again:
   * consent-ui does not build against idp's tests.
   */
  static int freePort() throws IOException {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 32_768);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(port));
        return port;
      } catch (IOException taken) {
        // Someone listens there: try another.
      }
    }
    throw new IOException("no free port between 20000 and 32768");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
