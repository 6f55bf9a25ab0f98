package jp.ishikawa.id.verifier;

import static jp.ishikawa.id.verifier.testing.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import jp.ishikawa.id.verifier.model.Fingerprint;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.revocation.RevocationChecker;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import org.junit.jupiter.api.Test;

class JpkiVerifierTests {

  @Test
  void verifyWhenGoodLoginThenCredentialKeyIsIssuerSerialAndFingerprint() {
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication().serial(0x12345678L));

    VerificationResult result = VerifierFixture.verifySigned(Purpose.LOGIN, card);

    Verified verified = (Verified) result;
    assertThat(verified.credential().serialHex()).isEqualTo("12345678");
    assertThat(verified.credential().issuerDn())
        .isEqualTo(card.certificate().getIssuerX500Principal().getName());
    assertThat(verified.credential().sha256Fingerprint()).isEqualTo(Fingerprint.sha256(card.der()));
    assertThat(verified.notAfter()).isEqualTo(card.certificate().getNotAfter().toInstant());
    assertThat(verified.root().test()).isTrue();
  }

  @Test
  void verifyWhenSeveralDefectsThenEarliestStepReported() {
    // Expired, wrong key usage and a SHA-1 signature: the time step comes first.
    IssuedCertificate card =
        VerifierFixture.issue(
            LeafSpec.authentication()
                .validity(
                    VerifierFixture.NOW.minus(Duration.ofDays(400)),
                    VerifierFixture.NOW.minus(Duration.ofDays(1)))
                .omitKeyUsage());

    assertRejected(
        VerifierFixture.verifier()
            .verify(
                Purpose.LOGIN,
                card.der(),
                VerifierFixture.MESSAGE,
                card.signSha1DigestInfo(VerifierFixture.MESSAGE)),
        Reason.CERTIFICATE_EXPIRED);
  }

  @Test
  void verifyWhenWrongPurposeAndForgedThenIssuerStepBeforePath() {
    IssuedCertificate forged =
        VerifierFixture.issue(
            LeafSpec.signature().issuer(VerifierFixture.pki().lookAlike(Purpose.IDENTITY)));
    assertRejected(VerifierFixture.verifySigned(Purpose.LOGIN, forged), Reason.WRONG_PURPOSE);
  }

  @Test
  void buildWhenNoRevocationCheckerThenRefused() {
    assertThatThrownBy(
            () -> JpkiVerifier.builder().trustStore(VerifierFixture.trustStore()).build())
        .hasMessageContaining("revocation checker is required");
  }

  @Test
  void buildWhenNoTrustStoreThenRefused() {
    assertThatThrownBy(
            () -> JpkiVerifier.builder().revocationChecker(RevocationChecker.none()).build())
        .hasMessageContaining("trust store is required");
  }
}
