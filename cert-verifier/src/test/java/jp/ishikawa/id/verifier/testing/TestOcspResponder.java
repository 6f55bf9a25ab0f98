package jp.ishikawa.id.verifier.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.ishikawa.id.verifier.testpki.TestRoot;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.OCSPReq;

/**
 * An OCSP responder (RFC 6960) for tests, serving one {@link TestRoot} on {@code 127.0.0.1} at a
 * free port, with a knob for every way a real responder or an attacker can misbehave.
 *
 * <pre>{@code
 * try (TestOcspResponder responder = TestOcspResponder.start(pki.newestRoot(Purpose.LOGIN))) {
 *   RevocationChecker ocsp = OcspRevocationChecker.builder().responderUrl(responder.uri()).build();
 *   responder.revoke(card.certificate(), revokedAt, 1); // keyCompromise
 *   ...
 *   assertThat(responder.requestCount()).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>By default it answers {@code good} for every certificate of its root (and {@code unknown} for
 * others), echoes the nonce, sets thisUpdate to now and nextUpdate to an hour later, and signs with
 * the root's own key. Each knob returns {@code this} and applies to the requests that follow;
 * {@link #reset()} restores the defaults. Request handling runs on the responder's own threads, so
 * the knobs are thread-safe. It insists on a well-formed POST of {@code application/ocsp-request}
 * (answering 405/415 otherwise), so a passing test also shows the client asked correctly.
 */
public final class TestOcspResponder implements AutoCloseable {

  /**
   * A delegated responder certificate (RFC 6960 §4.2.2.2) for {@link #delegatedResponder(
   * Delegation)}: by default issued by the responder's root, with id-kp-OCSPSigning, valid from a
   * day before to thirty days after now.
   */
  public static final class Delegation {
    TestRoot issuedBy;
    boolean ocspSigning = true;
    Instant notBefore;
    Instant notAfter;

    public static Delegation of() {
      return new Delegation();
    }

    /** Issue the responder certificate with another root's key, e.g. a look-alike. */
    public Delegation issuedBy(TestRoot root) {
      this.issuedBy = root;
      return this;
    }

    public Delegation withoutOcspSigning() {
      this.ocspSigning = false;
      return this;
    }

    public Delegation validity(Instant from, Instant until) {
      this.notBefore = from;
      this.notAfter = until;
      return this;
    }
  }

  private final TestRoot issuer;
  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Object lock = new Object();
  private OcspAnswerSettings settings = new OcspAnswerSettings();
  private OCSPReq lastRequest;
  private KeyPair responderKeys;

  private TestOcspResponder(TestRoot issuer, Clock clock) throws IOException {
    this.issuer = issuer;
    this.clock = clock;
    this.executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "test-ocsp-responder");
              thread.setDaemon(true);
              return thread;
            });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a responder for {@code issuer}'s certificates, on the system clock. */
  public static TestOcspResponder start(TestRoot issuer) {
    return start(issuer, Clock.systemUTC());
  }

  /** Starts a responder whose thisUpdate, nextUpdate and producedAt follow {@code clock}. */
  public static TestOcspResponder start(TestRoot issuer, Clock clock) {
    try {
      return new TestOcspResponder(issuer, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the test OCSP responder", e);
    }
  }

  /** Where to POST requests: {@code http://127.0.0.1:<port>/ocsp}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp");
  }

  /** How many HTTP requests arrived, well-formed or not. */
  public int requestCount() {
    return requests.get();
  }

  /** The last well-formed OCSP request received, or null. */
  public OCSPReq lastRequest() {
    synchronized (lock) {
      return lastRequest;
    }
  }

  /** Restores the default behaviour (good answers, nonce echoed, signed by the root). */
  public TestOcspResponder reset() {
    synchronized (lock) {
      settings = new OcspAnswerSettings();
    }
    return this;
  }

  // ---- what it says about certificates

  /** Answer {@code good} for every certificate of the root not {@link #revoke revoked}. */
  public TestOcspResponder answerGood() {
    return change(s -> s.answer = OcspAnswerSettings.Answer.GOOD);
  }

  /**
   * Answer {@code revoked} for every certificate of the root.
   *
   * @param reason an RFC 5280 CRLReason code (1 keyCompromise…), or -1 for none
   */
  public TestOcspResponder answerRevoked(Instant revokedAt, int reason) {
    return change(
        s -> {
          s.answer = OcspAnswerSettings.Answer.REVOKED;
          s.revokedAt = revokedAt;
          s.revocationReason = reason;
        });
  }

  /** Answer {@code unknown} for every certificate. */
  public TestOcspResponder answerUnknown() {
    return change(s -> s.answer = OcspAnswerSettings.Answer.UNKNOWN);
  }

  /** Answer {@code revoked} for this serial only, whatever the default answer. */
  public TestOcspResponder revoke(BigInteger serial, Instant revokedAt, int reason) {
    return change(s -> s.revoked.put(serial, new OcspAnswerSettings.Revocation(revokedAt, reason)));
  }

  public TestOcspResponder revoke(X509Certificate certificate, Instant revokedAt, int reason) {
    return revoke(certificate.getSerialNumber(), revokedAt, reason);
  }

  /** thisUpdate and nextUpdate of every answer; a null nextUpdate leaves it out. */
  public TestOcspResponder updates(Instant thisUpdate, Instant nextUpdate) {
    return change(
        s -> {
          s.fixedUpdates = true;
          s.thisUpdate = thisUpdate;
          s.nextUpdate = nextUpdate;
        });
  }

  /** An old answer: thisUpdate two days ago, nextUpdate yesterday. */
  public TestOcspResponder stale() {
    Instant now = clock.instant();
    return updates(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
  }

  // ---- how it names the certificate

  /**
   * Answer with a SHA-256 CertID for the requested certificate instead of echoing the request's.
   */
  public TestOcspResponder certIdSha256() {
    return change(s -> s.certIdSha256 = true);
  }

  /** Answer about another serial than the one asked for. */
  public TestOcspResponder answerForSerial(BigInteger serial) {
    return change(s -> s.answerSerial = serial);
  }

  /** Name another root's name and key in the answer's CertID (a look-alike: same name hash). */
  public TestOcspResponder answerForIssuer(TestRoot otherIssuer) {
    return change(s -> s.answerIssuer = otherIssuer);
  }

  // ---- nonce

  /** Send back a nonce other than the request's. */
  public TestOcspResponder wrongNonce() {
    return change(s -> s.nonce = OcspAnswerSettings.Nonce.WRONG);
  }

  /** Send back no nonce, like a responder serving pre-produced answers. */
  public TestOcspResponder noNonce() {
    return change(s -> s.nonce = OcspAnswerSettings.Nonce.NONE);
  }

  // ---- who signs, and how

  /**
   * Sign with a key no CA vouches for, including its self-signed OCSP-signing certificate or not.
   */
  public TestOcspResponder signedByStranger(boolean includeCertificate) {
    KeyPair keys = responderKeys();
    Instant now = clock.instant();
    X500Name name = new X500Name("C=JP, O=Stranger, CN=Stranger OCSP Responder");
    X509CertificateHolder certificate =
        OcspResponderCertificates.issue(
            name,
            keys,
            name,
            keys.getPrivate(),
            true,
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(30)));
    return change(
        s -> s.signer = new OcspAnswerSettings.Signer(keys, certificate, includeCertificate));
  }

  /** Sign with a valid delegated responder certificate issued by the root. */
  public TestOcspResponder delegatedResponder() {
    return delegatedResponder(Delegation.of());
  }

  /** Sign with a delegated responder certificate as {@code delegation} describes, included. */
  public TestOcspResponder delegatedResponder(Delegation delegation) {
    KeyPair keys = responderKeys();
    Instant now = clock.instant();
    TestRoot certificateIssuer = delegation.issuedBy != null ? delegation.issuedBy : issuer;
    X509CertificateHolder certificate =
        OcspResponderCertificates.issue(
            new X500Name("C=JP, O=JPKI-TEST, CN=Test OCSP Responder"),
            keys,
            X500Name.getInstance(
                certificateIssuer.certificate().getSubjectX500Principal().getEncoded()),
            certificateIssuer.keyPair().getPrivate(),
            delegation.ocspSigning,
            delegation.notBefore != null ? delegation.notBefore : now.minus(Duration.ofDays(1)),
            delegation.notAfter != null ? delegation.notAfter : now.plus(Duration.ofDays(30)));
    return change(s -> s.signer = new OcspAnswerSettings.Signer(keys, certificate, true));
  }

  /** The JCA name of the response signature algorithm; SHA256withRSA by default. */
  public TestOcspResponder signatureAlgorithm(String algorithm) {
    return change(s -> s.signatureAlgorithm = algorithm);
  }

  /** Flip a bit of the response signature after signing. */
  public TestOcspResponder corruptSignature() {
    return change(s -> s.corruptSignature = true);
  }

  // ---- OCSP-level failures

  /** Answer with this OCSPResponseStatus and no body, e.g. {@code OCSPResp.TRY_LATER}. */
  public TestOcspResponder responseStatus(int status) {
    return change(s -> s.responseStatus = status);
  }

  /** A successful response whose responseBytes are of another type than id-pkix-ocsp-basic. */
  public TestOcspResponder nonBasicResponse() {
    return change(s -> s.nonBasic = true);
  }

  // ---- HTTP-level failures

  public TestOcspResponder httpStatus(int status) {
    return change(s -> s.httpStatus = status);
  }

  public TestOcspResponder contentType(String value) {
    return change(s -> s.contentType = value);
  }

  /** A body that is not DER at all. */
  public TestOcspResponder malformedBody() {
    return change(s -> s.body = "<html>not OCSP</html>".getBytes(StandardCharsets.US_ASCII));
  }

  /** A body of {@code bytes} zero bytes, to test the client's size cap. */
  public TestOcspResponder oversizedBody(int bytes) {
    return change(s -> s.body = new byte[bytes]);
  }

  /** Answer only after {@code delay} (or when closed). */
  public TestOcspResponder slow(Duration delay) {
    return change(s -> s.delay = delay);
  }

  /** Accept the request and never answer, until the responder is closed. */
  public TestOcspResponder noAnswer() {
    return change(s -> s.hang = true);
  }

  /** Read the request, then close the connection without a response. */
  public TestOcspResponder closeWithoutAnswer() {
    return change(s -> s.closeWithoutAnswer = true);
  }

  /** Stops the server; requests hanging in {@link #noAnswer()} or {@link #slow} are released. */
  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private TestOcspResponder change(java.util.function.Consumer<OcspAnswerSettings> edit) {
    synchronized (lock) {
      edit.accept(settings);
    }
    return this;
  }

  private KeyPair responderKeys() {
    synchronized (lock) {
      if (responderKeys == null) {
        responderKeys = OcspResponderCertificates.newKeyPair();
      }
      return responderKeys;
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      OcspAnswerSettings now;
      synchronized (lock) {
        now = settings.copy();
      }
      byte[] body = exchange.getRequestBody().readNBytes(64 * 1024);
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (!"application/ocsp-request".equals(type)) {
        exchange.sendResponseHeaders(415, -1);
        return;
      }
      OCSPReq request = parse(body);
      if (request != null) {
        synchronized (lock) {
          lastRequest = request;
        }
      }
      if (now.hang) {
        closed.await();
        return;
      }
      if (now.delay != null && closed.await(now.delay.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
      if (now.closeWithoutAnswer) {
        // Closing the exchange before sending headers drops the connection.
        return;
      }
      byte[] answer = new OcspAnswerWriter(issuer, clock.instant(), now).write(request);
      exchange.getResponseHeaders().set("Content-Type", now.contentType);
      exchange.sendResponseHeaders(now.httpStatus, answer.length);
      exchange.getResponseBody().write(answer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static OCSPReq parse(byte[] body) {
    try {
      return new OCSPReq(body);
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "TestOcspResponder[" + uri() + " for " + issuer + "]";
  }
}
