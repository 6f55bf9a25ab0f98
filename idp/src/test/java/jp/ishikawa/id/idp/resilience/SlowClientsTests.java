package jp.ishikawa.id.idp.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.Test;

/**
 * Slow clients must not take the server off the air (issue 7, item 2: about 8,000 sockets trickling
 * a request body one byte every 9 s made discovery time out for everyone). Here the IdP is capped
 * at as many connections as there are slow sockets, which all trickle a card response body one byte
 * a second, far inside the container's read timeout: only the body deadline frees the connections,
 * and discovery must still answer.
 */
class SlowClientsTests {

  private static final int SLOW_SOCKETS = 300;

  @Test
  void discoveryWhenEveryConnectionIsHeldByASlowBodyThenStillAnswers() throws Exception {
    try (TestIdentityProvider idp =
            TestIdentityProvider.start(
                TestIdentityProvider.Storage.EMBEDDED,
                Map.of(
                    "server.tomcat.max-connections",
                    SLOW_SOCKETS,
                    "ishikawa-id.transactions.body-read-deadline",
                    "2s"));
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor()) {
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < SLOW_SOCKETS; i++) {
          Socket socket = new Socket("127.0.0.1", idp.issuer().getPort());
          socket
              .getOutputStream()
              .write(
                  ("POST /jpki/transactions/AAAAAAAAAAAAAAAAAAAAAA/response HTTP/1.1\r\n"
                          + "Host: localhost\r\nContent-Type: application/json\r\n"
                          + "Content-Length: 5000\r\n\r\n{")
                      .getBytes(StandardCharsets.US_ASCII));
          sockets.add(socket);
        }
        // One byte a second on every socket, for at most a minute.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        trickle.scheduleAtFixedRate(
            () -> {
              if (System.nanoTime() > end) {
                return;
              }
              for (Socket socket : sockets) {
                try {
                  OutputStream out = socket.getOutputStream();
                  out.write(' ');
                  out.flush();
                } catch (IOException closedByTheServer) {
                  // The deadline did its job for this one.
                }
              }
            },
            1,
            1,
            TimeUnit.SECONDS);

        HttpResponse<String> discovery =
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .build()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(idp.issuer() + "/.well-known/openid-configuration"))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.ofString());

        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.body()).contains("\"issuer\"");
      } finally {
        trickle.shutdownNow();
        for (Socket socket : sockets) {
          socket.close();
        }
      }
    }
  }
}
