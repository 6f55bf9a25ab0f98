package jp.ishikawa.id.verifier.revocation;

import static jp.ishikawa.id.verifier.revocation.TestCrls.NOW;
import static jp.ishikawa.id.verifier.revocation.TestCrls.PKI;
import static jp.ishikawa.id.verifier.revocation.TestCrls.TRUST;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.RevocationStatus.State;
import jp.ishikawa.id.verifier.testpki.CrlSpec;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CRLs over HTTP from an in-process server on the loopback address. */
class CrlStoreHttpTests {

  private static final Instant REVOKED_AT = Instant.parse("2026-05-20T03:00:00Z");
  private static final X509Certificate ISSUER = TestCrls.newestLoginRoot().certificate();
  private static final IssuedCertificate CARD = TestCrls.card(0x0456_7890);
  // Long enough for a cold JVM's first request, short enough to keep the timeout tests quick.
  private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);

  private final AtomicReference<HttpHandler> behaviour = new AtomicReference<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;
  private ExecutorService executor;

  /**
   * One full download first, so that class loading and the JIT of a cold JVM do not eat into the
   * short timeouts below.
   */
  @BeforeAll
  static void warmUp() throws IOException {
    HttpServer warm =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    warm.createContext("/", serve(crl(1, NOW.minus(Duration.ofHours(1)), false)));
    warm.start();
    try (CrlStore store =
        CrlStore.builder(TRUST)
            .location("http://127.0.0.1:" + warm.getAddress().getPort() + "/")
            .build()) {
      assertThat(store.crls().get(0).error()).isNull();
    } finally {
      warm.stop(0);
    }
  }

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/crl/kanazawa.crl", exchange -> behaviour.get().handle(exchange));
    server.start();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/crl/kanazawa.crl";
  }

  /** With the default ten-second timeout: for tests where the server answers. */
  private CrlStore.Builder builder() {
    return CrlStore.builder(TRUST).location(url());
  }

  /** For tests where the server is too slow on purpose. */
  private CrlStore.Builder impatient() {
    return builder().httpTimeout(SHORT_TIMEOUT);
  }

  private static byte[] crl(long number, Instant thisUpdate, boolean revokeCard) {
    CrlSpec spec =
        CrlSpec.of(Purpose.LOGIN).number(number).updates(thisUpdate, NOW.plus(Duration.ofDays(1)));
    if (revokeCard) {
      spec.revoke(CARD, REVOKED_AT, 1);
    }
    return TestCrls.der(PKI.crl(spec));
  }

  private static HttpHandler serve(byte[] body) {
    return exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/pkix-crl");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    };
  }

  private static HttpHandler status(int code) {
    return exchange -> {
      exchange.sendResponseHeaders(code, -1);
      exchange.close();
    };
  }

  /** Answers only when the test ends: the client must give up first. */
  private HttpHandler silent() {
    return exchange -> {
      awaitRelease();
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    };
  }

  private void awaitRelease() {
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static State state(CrlStore store) {
    return store.status(CARD.certificate(), ISSUER, NOW).state();
  }

  @Test
  void buildWhenHttpUrlThenLoadsAndAnswers() {
    behaviour.set(serve(crl(1, NOW.minus(Duration.ofHours(1)), true)));

    try (CrlStore store = builder().build()) {
      assertThat(store.crls().get(0).error()).isNull();
      assertThat(store.crls().get(0).source()).isEqualTo(url());
      assertThat(state(store)).isEqualTo(State.REVOKED);
      assertThat(store.status(CARD.certificate(), ISSUER, NOW).source()).isEqualTo(url());
    }
  }

  @Test
  void buildWhenServerAnswers500ThenFailedAndStatusUnknown() {
    behaviour.set(status(500));

    try (CrlStore store = builder().build()) {
      assertThat(store.crls().get(0).error()).contains("HTTP status 500");
      assertThat(state(store)).isEqualTo(State.UNKNOWN);
    }
  }

  @Test
  void refreshNowWhenServerAnswers500ThenKeepsThePreviousCrlAndRecordsTheError() {
    behaviour.set(serve(crl(1, NOW.minus(Duration.ofHours(1)), true)));
    try (CrlStore store = builder().build()) {
      behaviour.set(status(500));

      store.refreshNow();

      CrlInfo info = store.crls().get(0);
      assertThat(info.error()).contains("HTTP status 500").contains("still using the CRL");
      assertThat(info.inUse()).isTrue();
      assertThat(state(store)).isEqualTo(State.REVOKED);
    }
  }

  @Test
  void refreshNowWhenServerDoesNotAnswerInTimeThenKeepsThePreviousCrlAndRecordsTheError() {
    behaviour.set(serve(crl(1, NOW.minus(Duration.ofHours(1)), true)));
    try (CrlStore store = impatient().build()) {
      behaviour.set(silent());

      store.refreshNow();

      assertThat(store.crls().get(0).error()).contains("no response within 1000 ms");
      assertThat(state(store)).isEqualTo(State.REVOKED);
    }
  }

  @Test
  void buildWhenBodyStallsThenFailsWithTimeout() {
    byte[] body = crl(1, NOW.minus(Duration.ofHours(1)), false);
    behaviour.set(
        exchange -> {
          exchange.sendResponseHeaders(200, body.length);
          OutputStream out = exchange.getResponseBody();
          out.write(body, 0, body.length / 2);
          out.flush();
          awaitRelease();
          exchange.close();
        });

    try (CrlStore store = impatient().build()) {
      assertThat(store.crls().get(0).error()).contains("stalled for more than 1000 ms");
      assertThat(state(store)).isEqualTo(State.UNKNOWN);
    }
  }

  @Test
  void buildWhenContentLengthExceedsTheCapThenRefused() {
    byte[] body = crl(1, NOW.minus(Duration.ofHours(1)), false);
    behaviour.set(serve(body));

    try (CrlStore store = builder().maxCrlBytes(body.length - 1).build()) {
      assertThat(store.crls().get(0).error()).contains("Content-Length " + body.length);
    }
  }

  @Test
  void buildWhenChunkedBodyExceedsTheCapThenRefused() {
    byte[] body = crl(1, NOW.minus(Duration.ofHours(1)), false);
    behaviour.set(
        exchange -> {
          exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length to check up front
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });

    try (CrlStore store = builder().maxCrlBytes(body.length - 1).build()) {
      assertThat(store.crls().get(0).error()).contains("cap of " + (body.length - 1));
    }
  }

  @Test
  void statusWhileARefreshWaitsForTheServerThenAnswersFromTheCrlInMemory() throws Exception {
    behaviour.set(serve(crl(1, NOW.minus(Duration.ofHours(1)), true)));
    try (CrlStore store = builder().build()) {
      behaviour.set(silent());
      Thread refresh = new Thread(store::refreshNow, "test-refresh");
      refresh.start();

      State state = state(store);

      assertThat(refresh.isAlive()).isTrue();
      assertThat(state).isEqualTo(State.REVOKED);
      release.countDown();
      refresh.join(TimeUnit.SECONDS.toMillis(20));
    }
  }

  @Test
  void startBackgroundRefreshWhenANewCrlIsPublishedThenPicksItUp() throws Exception {
    behaviour.set(serve(crl(1, NOW.minus(Duration.ofHours(2)), false)));
    try (CrlStore store = builder().refreshInterval(Duration.ofMillis(50)).build()) {
      assertThat(state(store)).isEqualTo(State.GOOD);
      Instant published = NOW.minus(Duration.ofHours(1));
      behaviour.set(serve(crl(2, published, true)));

      store.startBackgroundRefresh();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!published.equals(store.crls().get(0).thisUpdate()) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }

      assertThat(store.crls().get(0).thisUpdate()).isEqualTo(published);
      assertThat(state(store)).isEqualTo(State.REVOKED);
    }
  }
}
