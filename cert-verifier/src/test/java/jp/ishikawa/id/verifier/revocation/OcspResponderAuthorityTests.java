package jp.ishikawa.id.verifier.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.model.RevocationStatus.Method;
import jp.ishikawa.id.verifier.model.RevocationStatus.State;
import jp.ishikawa.id.verifier.testing.TestOcspResponder;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestPki;
import jp.ishikawa.id.verifier.testpki.TestRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OcspResponderAuthority} through {@link OcspRevocationChecker}: only the CA's key, or a
 * responder certificate that key issued for OCSP signing and that is valid now, may sign an answer
 * (RFC 6960 §4.2.2.2). One test per way of being refused.
 */
class OcspResponderAuthorityTests {

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

  private RevocationStatus check() {
    return OcspRevocationChecker.builder()
        .responderUrl(responder.uri())
        .build()
        .check(card.certificate(), root.certificate(), Instant.now());
  }

  private void assertUnknown(RevocationStatus status, String detail) {
    assertThat(status.state()).isEqualTo(State.UNKNOWN);
    assertThat(status.method()).isEqualTo(Method.OCSP);
    assertThat(status.detail()).contains(detail);
  }

  @Test
  void checkWhenSignedByIssuerKeyThenGood() {
    assertThat(check().state()).isEqualTo(State.GOOD);
  }

  @Test
  void checkWhenSignedByStrangerKeyThenUnknown() {
    responder.signedByStranger(false);

    assertUnknown(
        check(),
        "response signature does not verify with the issuer's key"
            + " and no responder certificate is included");
  }

  @Test
  void checkWhenSignedByStrangerWithSelfSignedCertificateThenUnknown() {
    responder.signedByStranger(true);

    assertUnknown(check(), "is not issued by the certificate's CA key");
  }

  @Test
  void checkWhenSignedByDelegatedResponderThenGood() {
    responder.delegatedResponder();

    assertThat(check().state()).isEqualTo(State.GOOD);
  }

  @Test
  void checkWhenDelegatedResponderLacksOcspSigningThenUnknown() {
    responder.delegatedResponder(TestOcspResponder.Delegation.of().withoutOcspSigning());

    assertUnknown(check(), "lacks extKeyUsage id-kp-OCSPSigning");
  }

  @Test
  void checkWhenDelegatedResponderExpiredThenUnknown() {
    Instant now = Instant.now();
    responder.delegatedResponder(
        TestOcspResponder.Delegation.of()
            .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))));

    assertUnknown(check(), "is not valid at");
  }

  @Test
  void checkWhenDelegatedResponderIssuedByLookAlikeRootThenUnknown() {
    responder.delegatedResponder(
        TestOcspResponder.Delegation.of().issuedBy(pki.lookAlike(Purpose.LOGIN)));

    assertUnknown(check(), "is not issued by the certificate's CA key");
  }

  @Test
  void checkWhenDelegatedResponseSignatureCorruptedThenUnknown() {
    responder.delegatedResponder().corruptSignature();

    assertUnknown(check(), "response signature does not verify with responder certificate");
  }
}
