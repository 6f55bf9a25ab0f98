package jp.ishikawa.id.verifier.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.model.RevocationStatus.Method;
import jp.ishikawa.id.verifier.model.RevocationStatus.State;
import jp.ishikawa.id.verifier.testing.TestOcspResponder;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestPki;
import jp.ishikawa.id.verifier.testpki.TestRoot;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link OcspRevocationChecker} against {@link TestOcspResponder}: the three answers, where the
 * request goes, and one test per reason a response is refused (RFC 6960 §3.2).
 */
class OcspRevocationCheckerTests {

  private static TestPki pki;
  private static TestRoot root;
  private static IssuedCertificate card;

  private TestOcspResponder responder;

  @BeforeAll
  static void createPki() {
    pki = TestPki.create();
    root = pki.newestRoot(Purpose.LOGIN);
    card = pki.issue(LeafSpec.authentication());
  }

  @BeforeEach
  void startResponder() {
    responder = TestOcspResponder.start(root);
  }

  @AfterEach
  void stopResponder() {
    responder.close();
  }

  private OcspRevocationChecker.Builder checker() {
    return OcspRevocationChecker.builder().responderUrl(responder.uri());
  }

  private static RevocationStatus check(RevocationChecker checker) {
    return checker.check(card.certificate(), root.certificate(), Instant.now());
  }

  private RevocationStatus check() {
    return check(checker().build());
  }

  private void assertUnknown(RevocationStatus status, String detail) {
    assertThat(status.state()).isEqualTo(State.UNKNOWN);
    assertThat(status.method()).isEqualTo(Method.OCSP);
    assertThat(status.source()).isEqualTo(responder.uri().toString());
    assertThat(status.detail()).contains(detail);
  }

  // ---- answers

  @Test
  void checkWhenResponderSaysGoodThenGoodWithSourceAndTimes() {
    Instant now = Instant.now();

    RevocationStatus status = checker().build().check(card.certificate(), root.certificate(), now);

    assertThat(status.state()).isEqualTo(State.GOOD);
    assertThat(status.method()).isEqualTo(Method.OCSP);
    assertThat(status.source()).isEqualTo(responder.uri().toString());
    assertThat(status.checkedAt()).isEqualTo(now);
    assertThat(status.thisUpdate()).isNotNull();
    assertThat(status.nextUpdate()).isAfter(status.thisUpdate());
    assertThat(responder.requestCount()).isEqualTo(1);
  }

  @Test
  void checkWhenResponderSaysRevokedThenRevokedWithTimeAndReason() {
    Instant revokedAt = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
    responder.revoke(card.certificate(), revokedAt, 1);

    RevocationStatus status = check();

    assertThat(status.state()).isEqualTo(State.REVOKED);
    assertThat(status.method()).isEqualTo(Method.OCSP);
    assertThat(status.revokedAt()).isEqualTo(revokedAt);
    assertThat(status.revocationReason()).isEqualTo("keyCompromise");
  }

  @Test
  void checkWhenRevokedWithoutReasonThenRevokedWithNoReason() {
    responder.answerRevoked(Instant.now().minus(Duration.ofDays(1)), -1);

    RevocationStatus status = check();

    assertThat(status.state()).isEqualTo(State.REVOKED);
    assertThat(status.revocationReason()).isNull();
  }

  @Test
  void checkWhenResponderDoesNotKnowCertificateThenUnknown() {
    responder.answerUnknown();

    assertUnknown(check(), "responder does not know this certificate");
  }

  // ---- where the request goes, and what it says

  @Test
  void checkWhenNoResponderConfiguredThenAsksCertificateAiaUrl() {
    IssuedCertificate pointing =
        pki.issue(
            LeafSpec.authentication().keyPair(card.keyPair()).ocspUrl(responder.uri().toString()));

    RevocationStatus status =
        OcspRevocationChecker.builder()
            .build()
            .check(pointing.certificate(), root.certificate(), Instant.now());

    assertThat(status.state()).isEqualTo(State.GOOD);
    assertThat(status.source()).isEqualTo(responder.uri().toString());
    assertThat(responder.requestCount()).isEqualTo(1);
  }

  @Test
  void checkWhenNoResponderConfiguredAndNoAiaThenUnknown() {
    IssuedCertificate silent =
        pki.issue(LeafSpec.authentication().keyPair(card.keyPair()).ocspUrl(null));

    RevocationStatus status =
        OcspRevocationChecker.builder()
            .build()
            .check(silent.certificate(), root.certificate(), Instant.now());

    assertThat(status.state()).isEqualTo(State.UNKNOWN);
    assertThat(status.detail()).isEqualTo("no OCSP responder");
  }

  @Test
  void checkWhenAiaUrlIsNotHttpThenUnknownWithoutConnecting() {
    IssuedCertificate ldap =
        pki.issue(
            LeafSpec.authentication().keyPair(card.keyPair()).ocspUrl("ldap://ocsp.example/"));

    RevocationStatus status =
        OcspRevocationChecker.builder()
            .build()
            .check(ldap.certificate(), root.certificate(), Instant.now());

    assertThat(status.state()).isEqualTo(State.UNKNOWN);
    assertThat(status.detail()).contains("not an http(s) URL");
  }

  @Test
  void responderUrlWhenNotHttpThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OcspRevocationChecker.builder().responderUrl(URI.create("file:///x")));
  }

  @Test
  void checkWhenCalledThenRequestHasSha1CertIdAndNonceFromInjectedRandom()
      throws NoSuchAlgorithmException {
    byte[] seed = "fixed seed".getBytes(StandardCharsets.US_ASCII);
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(seed);
    SecureRandom replay = SecureRandom.getInstance("SHA1PRNG");
    replay.setSeed(seed);
    byte[] expectedNonce = new byte[32];
    replay.nextBytes(expectedNonce);

    check(checker().random(random).build());

    OCSPReq request = responder.lastRequest();
    CertificateID id = request.getRequestList()[0].getCertID();
    assertThat(id.getHashAlgOID()).isEqualTo(OIWObjectIdentifiers.idSHA1);
    assertThat(id.getSerialNumber()).isEqualTo(card.certificate().getSerialNumber());
    Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
    assertThat(ASN1OctetString.getInstance(nonce.getExtnValue().getOctets()).getOctets())
        .isEqualTo(expectedNonce);
  }

  @Test
  void checkWhenAskedTwiceThenNoncesDiffer() {
    OcspRevocationChecker checker = checker().build();

    check(checker);
    byte[] first = nonceOf(responder.lastRequest());
    check(checker);
    byte[] second = nonceOf(responder.lastRequest());

    assertThat(second).isNotEqualTo(first);
  }

  private static byte[] nonceOf(OCSPReq request) {
    return request
        .getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)
        .getExtnValue()
        .getOctets();
  }

  // ---- HTTP

  @Test
  void checkWhenHttpStatusNot200ThenUnknown() {
    responder.httpStatus(503);

    assertUnknown(check(), "HTTP status 503");
  }

  @Test
  void checkWhenContentTypeWrongThenUnknown() {
    responder.contentType("text/html");

    assertUnknown(check(), "wrong content type text/html");
  }

  @Test
  void checkWhenBodyLargerThanCapThenUnknown() {
    responder.oversizedBody(OcspRevocationChecker.MAX_RESPONSE_BYTES + 1);

    assertUnknown(check(), "response larger than 65536 bytes");
  }

  @Test
  void checkWhenBodyIsNotDerThenUnknown() {
    responder.malformedBody();

    assertUnknown(check(), "malformed response");
  }

  @Test
  void checkWhenResponderTooSlowThenUnknownTimeout() {
    responder.slow(Duration.ofSeconds(30));

    assertUnknown(check(checker().timeout(Duration.ofMillis(300)).build()), "timeout");
  }

  @Test
  void checkWhenResponderNeverAnswersThenUnknownTimeout() {
    responder.noAnswer();

    assertUnknown(check(checker().timeout(Duration.ofMillis(300)).build()), "timeout");
  }

  @Test
  void checkWhenConnectionClosedWithoutAnswerThenUnknown() {
    responder.closeWithoutAnswer();

    assertUnknown(check(), "I/O error");
  }

  @Test
  void checkWhenNothingListensThenUnknownConnectionRefused() {
    TestOcspResponder gone = TestOcspResponder.start(root);
    URI address = gone.uri();
    gone.close();

    RevocationStatus status = check(OcspRevocationChecker.builder().responderUrl(address).build());

    assertThat(status.state()).isEqualTo(State.UNKNOWN);
    assertThat(status.detail()).isEqualTo("connection refused");
  }

  // ---- OCSP response structure

  @ParameterizedTest
  @CsvSource({
    OCSPResp.MALFORMED_REQUEST + ", malformedRequest",
    OCSPResp.INTERNAL_ERROR + ", internalError",
    OCSPResp.TRY_LATER + ", tryLater",
    OCSPResp.SIG_REQUIRED + ", sigRequired",
    OCSPResp.UNAUTHORIZED + ", unauthorized"
  })
  void checkWhenResponseStatusNotSuccessfulThenUnknown(int responseStatus, String name) {
    responder.responseStatus(responseStatus);

    assertUnknown(check(), "responder answered " + name);
  }

  @Test
  void checkWhenResponseIsNotBasicThenUnknown() {
    responder.nonBasicResponse();

    assertUnknown(check(), "not a basic OCSP response");
  }

  @Test
  void checkWhenSignedWithSha1ThenUnknown() {
    responder.signatureAlgorithm("SHA1withRSA");

    assertUnknown(check(), "signature algorithm 1.2.840.113549.1.1.5 is not accepted");
  }

  // ---- nonce

  @Test
  void checkWhenNonceMissingAndRequiredThenUnknown() {
    responder.noNonce();

    assertUnknown(check(), "nonce missing from the response");
  }

  @Test
  void checkWhenNonceMissingAndNotRequiredThenGood() {
    responder.noNonce();

    assertThat(check(checker().requireNonce(false).build()).state()).isEqualTo(State.GOOD);
  }

  @Test
  void checkWhenNonceDiffersThenUnknown() {
    responder.wrongNonce();

    assertUnknown(check(), "nonce in the response does not match the request");
  }

  @Test
  void checkWhenNonceDiffersAndNotRequiredThenStillUnknown() {
    responder.wrongNonce();

    assertUnknown(
        check(checker().requireNonce(false).build()),
        "nonce in the response does not match the request");
  }

  // ---- which certificate the answer is about

  @Test
  void checkWhenAnswerIsAboutAnotherSerialThenUnknown() {
    responder.answerForSerial(card.certificate().getSerialNumber().add(BigInteger.ONE));

    assertUnknown(check(), "the response has no answer for this certificate");
  }

  @Test
  void checkWhenAnswerNamesLookAlikeIssuerKeyThenUnknown() {
    responder.answerForIssuer(pki.lookAlike(Purpose.LOGIN));

    assertUnknown(check(), "the response has no answer for this certificate");
  }

  @Test
  void checkWhenAnswerUsesSha256CertIdThenGood() {
    responder.certIdSha256();

    assertThat(check().state()).isEqualTo(State.GOOD);
  }

  // ---- freshness

  @Test
  void checkWhenThisUpdateInFutureThenUnknown() {
    Instant now = Instant.now();
    responder.updates(now.plus(Duration.ofMinutes(10)), now.plus(Duration.ofHours(1)));

    assertUnknown(check(), "is in the future");
  }

  @Test
  void checkWhenNextUpdatePassedThenUnknown() {
    responder.stale();

    assertUnknown(check(), "has passed");
  }

  @Test
  void checkWhenNoNextUpdateAndThisUpdateOlderThanMaxAgeThenUnknown() {
    responder.updates(Instant.now().minus(Duration.ofHours(2)), null);

    assertUnknown(check(), "is older than PT1H");
  }

  @Test
  void checkWhenNoNextUpdateAndThisUpdateRecentThenGood() {
    responder.updates(Instant.now().minus(Duration.ofMinutes(5)), null);

    RevocationStatus status = check();

    assertThat(status.state()).isEqualTo(State.GOOD);
    assertThat(status.nextUpdate()).isNull();
  }
}
