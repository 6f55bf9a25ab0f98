package jp.ishikawa.id.verifier.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.model.RevocationStatus.Method;
import jp.ishikawa.id.verifier.model.RevocationStatus.State;
import jp.ishikawa.id.verifier.testing.TestOcspResponder;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestPki;
import jp.ishikawa.id.verifier.testpki.TestRoot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link FallbackRevocationChecker}: the first source's GOOD or REVOKED is final, anything else
 * goes to the fallback and the result says so. The fallback here is a lambda standing in for the
 * CRL store.
 */
class FallbackRevocationCheckerTests {

  private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
  private static final String OCSP_URL = "http://ocsp.test/";
  private static final String CRL_SOURCE = "C=JP, O=JPKI-TEST, CN=Kanazawa-shi CRLDP";

  private static TestRoot root;
  private static IssuedCertificate card;

  @BeforeAll
  static void createPki() {
    TestPki pki = TestPki.create();
    root = pki.newestRoot(Purpose.LOGIN);
    card = pki.issue(LeafSpec.authentication());
  }

  private static RevocationStatus check(RevocationChecker checker) {
    return checker.check(card.certificate(), root.certificate(), NOW);
  }

  private static RevocationChecker answering(RevocationStatus status, AtomicInteger calls) {
    return (X509Certificate certificate, X509Certificate issuer, Instant now) -> {
      calls.incrementAndGet();
      return status;
    };
  }

  private static RevocationStatus ocspGood() {
    return RevocationStatus.good(Method.OCSP, OCSP_URL, NOW, NOW.plusSeconds(3600), NOW);
  }

  private static RevocationStatus ocspDown(String why) {
    return RevocationStatus.unknown(Method.OCSP, OCSP_URL, NOW, why);
  }

  private static RevocationStatus crlGood() {
    return RevocationStatus.good(Method.CRL, CRL_SOURCE, NOW.minusSeconds(3600), NOW, NOW);
  }

  @Test
  void checkWhenFirstSaysGoodThenFinalAndFallbackNotAsked() {
    AtomicInteger fallbackCalls = new AtomicInteger();
    RevocationChecker checker =
        new FallbackRevocationChecker(
            answering(ocspGood(), new AtomicInteger()), answering(crlGood(), fallbackCalls));

    RevocationStatus status = check(checker);

    assertThat(status).isEqualTo(ocspGood());
    assertThat(fallbackCalls).hasValue(0);
  }

  @Test
  void checkWhenFirstSaysRevokedThenFinalEvenIfFallbackSaysGood() {
    AtomicInteger fallbackCalls = new AtomicInteger();
    RevocationStatus revoked =
        RevocationStatus.revoked(
            Method.OCSP, OCSP_URL, NOW, null, NOW, NOW.minusSeconds(60), "keyCompromise");
    RevocationChecker checker =
        new FallbackRevocationChecker(
            answering(revoked, new AtomicInteger()), answering(crlGood(), fallbackCalls));

    RevocationStatus status = check(checker);

    assertThat(status.state()).isEqualTo(State.REVOKED);
    assertThat(status.method()).isEqualTo(Method.OCSP);
    assertThat(fallbackCalls).hasValue(0);
  }

  @Test
  void checkWhenFirstUnknownThenFallbackAnswersAndDetailNamesFirst() {
    RevocationChecker checker =
        new FallbackRevocationChecker(
            answering(ocspDown("timeout"), new AtomicInteger()),
            answering(crlGood(), new AtomicInteger()));

    RevocationStatus status = check(checker);

    assertThat(status.state()).isEqualTo(State.GOOD);
    assertThat(status.method()).isEqualTo(Method.CRL);
    assertThat(status.source()).isEqualTo(CRL_SOURCE);
    assertThat(status.detail())
        .isEqualTo("OCSP " + OCSP_URL + " unavailable: timeout; answered by CRL");
  }

  @Test
  void checkWhenFirstUnknownAndFallbackSaysRevokedThenRevoked() {
    RevocationStatus crlRevoked =
        RevocationStatus.revoked(
            Method.CRL, CRL_SOURCE, NOW, NOW.plusSeconds(60), NOW, NOW.minusSeconds(600), null);
    RevocationChecker checker =
        new FallbackRevocationChecker(
            answering(ocspDown("HTTP status 503"), new AtomicInteger()),
            answering(crlRevoked, new AtomicInteger()));

    RevocationStatus status = check(checker);

    assertThat(status.state()).isEqualTo(State.REVOKED);
    assertThat(status.revokedAt()).isEqualTo(NOW.minusSeconds(600));
    assertThat(status.detail()).startsWith("OCSP " + OCSP_URL + " unavailable: HTTP status 503");
  }

  @Test
  void checkWhenBothUnknownThenUnknownWithBothReasons() {
    RevocationChecker checker =
        new FallbackRevocationChecker(
            answering(ocspDown("timeout"), new AtomicInteger()),
            answering(
                RevocationStatus.unknown(Method.CRL, CRL_SOURCE, NOW, "CRL is stale"),
                new AtomicInteger()));

    RevocationStatus status = check(checker);

    assertThat(status.state()).isEqualTo(State.UNKNOWN);
    assertThat(status.detail())
        .isEqualTo(
            "OCSP "
                + OCSP_URL
                + " unavailable: timeout; CRL "
                + CRL_SOURCE
                + " unavailable: CRL is stale");
  }

  @Test
  void checkWhenFirstThrowsThenFallbackStillAsked() {
    RevocationChecker failing =
        (certificate, issuer, now) -> {
          throw new IllegalStateException("bug");
        };
    RevocationChecker checker =
        new FallbackRevocationChecker(failing, answering(crlGood(), new AtomicInteger()));

    RevocationStatus status = check(checker);

    assertThat(status.state()).isEqualTo(State.GOOD);
    assertThat(status.detail()).contains("the checker failed: IllegalStateException");
  }

  @Test
  void checkWhenOcspResponderDownThenCrlAnswersAndDetailMentionsOcsp() {
    TestOcspResponder gone = TestOcspResponder.start(root);
    URI address = gone.uri();
    gone.close();
    RevocationChecker ocsp =
        OcspRevocationChecker.builder()
            .responderUrl(address)
            .timeout(Duration.ofSeconds(2))
            .build();
    RevocationChecker checker =
        new FallbackRevocationChecker(ocsp, answering(crlGood(), new AtomicInteger()));

    RevocationStatus status = check(checker);

    assertThat(status.state()).isEqualTo(State.GOOD);
    assertThat(status.method()).isEqualTo(Method.CRL);
    assertThat(status.detail())
        .isEqualTo("OCSP " + address + " unavailable: connection refused; answered by CRL");
  }
}
