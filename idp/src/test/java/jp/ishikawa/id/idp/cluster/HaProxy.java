package jp.ishikawa.id.idp.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.idp.testing.LocalPorts;

/**
 * A real HAProxy (Debian's package) in front of the nodes, as the cluster's load balancer: round
 * robin with no stickiness (any node serves any step), each node's readiness checked on its
 * management port every half second, a node marked down after two failed checks and up after two
 * good ones. Only connection failures are retried on another node (a request that reached a node is
 * never replayed). Its statistics page tells the test what HAProxy thinks of each node.
 */
final class HaProxy implements AutoCloseable {

  private final int port = LocalPorts.unused();
  private final int statsPort = LocalPorts.unused();
  private final Path config;
  private final Path log;
  private final Process process;
  private final HttpClient http = HttpClient.newHttpClient();

  HaProxy(Path directory, List<IdpNode> nodes) {
    Path program =
        RequiredTool.require("haproxy", "the cluster's load balancer", "/usr/sbin/haproxy");
    this.config = directory.resolve("haproxy.cfg");
    this.log = directory.resolve("haproxy.log");
    StringBuilder servers = new StringBuilder();
    for (IdpNode node : nodes) {
      servers.append(
          "  server %s 127.0.0.1:%d check port %d%n"
              .formatted(node.name(), node.port(), node.managementPort()));
    }
    String text =
        """
        global
          maxconn 2000
        defaults
          mode http
          timeout connect 2s
          timeout client 60s
          timeout server 60s
          timeout tunnel 60s
          timeout http-request 10s
          option forwardfor
          option redispatch
          retries 2
          retry-on conn-failure
        frontend idp
          bind 127.0.0.1:%d
          default_backend idp
        backend idp
          balance roundrobin
          option httpchk GET /actuator/health/readiness
          http-check expect status 200
          default-server inter 500ms fall 2 rise 2
        %s
        frontend stats
          bind 127.0.0.1:%d
          stats enable
          stats uri /stats
        """
            .formatted(port, servers, statsPort);
    try {
      Files.writeString(config, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.process =
        ChildProcess.start(List.of(program.toString(), "-f", config.toString(), "-db"), log);
    ChildProcess.await(
        "HAProxy on port " + port, Duration.ofSeconds(20), () -> ChildProcess.listening(port));
  }

  int port() {
    return port;
  }

  /**
   * HAProxy's view of each node: {@code UP}, {@code DOWN}, or a transition such as {@code UP 1/2}.
   */
  Map<String, String> serverStatus() {
    try {
      String csv =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      String[] lines = csv.split("\n");
      List<String> header = Arrays.asList(lines[0].replaceFirst("^# ", "").split(","));
      int proxy = header.indexOf("pxname");
      int server = header.indexOf("svname");
      int status = header.indexOf("status");
      Map<String, String> result = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        String[] fields = lines[i].split(",", -1);
        if (fields.length > status
            && fields[proxy].equals("idp")
            && !fields[server].equals("BACKEND")
            && !fields[server].equals("FRONTEND")) {
          result.put(fields[server], fields[status]);
        }
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  void awaitStatus(String server, String status, Duration limit) {
    ChildProcess.await(
        "HAProxy to see " + server + " " + status,
        limit,
        () -> status.equals(serverStatus().get(server)));
  }

  Path log() {
    return log;
  }

  @Override
  public void close() {
    ChildProcess.stop(process);
  }
}
