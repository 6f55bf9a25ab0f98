package jp.ishikawa.id.verifier.revocation;

import static jp.ishikawa.id.verifier.testing.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import jp.ishikawa.id.verifier.JpkiVerifier;
import jp.ishikawa.id.verifier.VerifierFixture;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Rejected;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.model.RevocationStatus.Method;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RevocationCheckTests {

  private static IssuedCertificate card;

  @BeforeAll
  static void issue() {
    card = VerifierFixture.issue(LeafSpec.authentication());
  }

  private static VerificationResult verifyWith(RevocationChecker checker, RevocationPolicy policy) {
    JpkiVerifier verifier =
        JpkiVerifier.builder()
            .trustStore(VerifierFixture.trustStore())
            .revocationChecker(checker)
            .revocationPolicy(policy)
            .clock(VerifierFixture.CLOCK)
            .build();
    return verifier.verify(
        Purpose.LOGIN, card.der(), VerifierFixture.MESSAGE, card.sign(VerifierFixture.MESSAGE));
  }

  private static RevocationChecker answering(RevocationStatus status) {
    return (certificate, issuer, now) -> status;
  }

  @Test
  void verifyWhenGoodThenVerifiedWithMethodAndFreshness() {
    Instant thisUpdate = VerifierFixture.NOW.minusSeconds(3600);
    RevocationStatus good =
        RevocationStatus.good(
            Method.CRL,
            "file:crl.der",
            thisUpdate,
            thisUpdate.plusSeconds(86400),
            VerifierFixture.NOW);

    VerificationResult result = verifyWith(answering(good), RevocationPolicy.FAIL_CLOSED);

    assertThat(result).isInstanceOf(Verified.class);
    assertThat(((Verified) result).revocation()).isEqualTo(good);
    assertThat(((Verified) result).revocationChecked()).isTrue();
  }

  @Test
  void verifyWhenRevokedThenRevokedWithDateAndReason() {
    RevocationStatus revoked =
        RevocationStatus.revoked(
            Method.OCSP,
            "http://ocsp.example",
            VerifierFixture.NOW,
            null,
            VerifierFixture.NOW,
            Instant.parse("2026-05-01T00:00:00Z"),
            "keyCompromise");

    Rejected rejected =
        assertRejected(
            verifyWith(answering(revoked), RevocationPolicy.FAIL_CLOSED), Reason.REVOKED);

    assertThat(rejected.detail()).contains("2026-05-01").contains("keyCompromise").contains("ocsp");
  }

  @Test
  void verifyWhenRevokedUnderSoftFailThenStillRevoked() {
    RevocationStatus revoked =
        RevocationStatus.revoked(
            Method.CRL,
            "crl",
            VerifierFixture.NOW,
            null,
            VerifierFixture.NOW,
            VerifierFixture.NOW,
            null);
    assertRejected(verifyWith(answering(revoked), RevocationPolicy.SOFT_FAIL), Reason.REVOKED);
  }

  @Test
  void verifyWhenUnknownThenRevocationUnknown() {
    RevocationStatus unknown =
        RevocationStatus.unknown(
            Method.OCSP, "http://ocsp.example", VerifierFixture.NOW, "timeout");

    Rejected rejected =
        assertRejected(
            verifyWith(answering(unknown), RevocationPolicy.FAIL_CLOSED),
            Reason.REVOCATION_UNKNOWN);

    assertThat(rejected.detail()).contains("timeout");
  }

  @Test
  void verifyWhenUnknownUnderSoftFailThenVerifiedAndUnknownRecorded() {
    RevocationStatus unknown =
        RevocationStatus.unknown(
            Method.OCSP, "http://ocsp.example", VerifierFixture.NOW, "timeout");

    VerificationResult result = verifyWith(answering(unknown), RevocationPolicy.SOFT_FAIL);

    assertThat(result).isInstanceOf(Verified.class);
    assertThat(((Verified) result).revocation().state()).isEqualTo(RevocationStatus.State.UNKNOWN);
    assertThat(((Verified) result).revocationChecked()).isFalse();
  }

  @Test
  void verifyWhenCheckerThrowsThenRevocationUnknown() {
    RevocationChecker broken =
        (certificate, issuer, now) -> {
          throw new IllegalStateException("boom");
        };
    Rejected rejected =
        assertRejected(verifyWith(broken, RevocationPolicy.FAIL_CLOSED), Reason.REVOCATION_UNKNOWN);
    assertThat(rejected.detail()).contains("IllegalStateException");
  }

  @Test
  void verifyWhenCheckerReturnsNullThenRevocationUnknown() {
    assertRejected(
        verifyWith((certificate, issuer, now) -> null, RevocationPolicy.FAIL_CLOSED),
        Reason.REVOCATION_UNKNOWN);
  }

  @Test
  void verifyWhenNoneThenVerifiedAndReportedUnchecked() {
    VerificationResult result = verifyWith(RevocationChecker.none(), RevocationPolicy.FAIL_CLOSED);

    assertThat(result).isInstanceOf(Verified.class);
    assertThat(((Verified) result).revocation().state())
        .isEqualTo(RevocationStatus.State.UNCHECKED);
    assertThat(((Verified) result).revocation().method()).isEqualTo(Method.NONE);
    assertThat(((Verified) result).revocationChecked()).isFalse();
  }

  @Test
  void verifyWhenCheckedThenCheckerReceivesTheChosenRootAndClockTime() {
    Instant[] seen = new Instant[1];
    java.security.cert.X509Certificate[] issuerSeen = new java.security.cert.X509Certificate[1];
    RevocationChecker recording =
        (certificate, issuer, now) -> {
          seen[0] = now;
          issuerSeen[0] = issuer;
          return RevocationStatus.good(Method.CRL, "crl", now, now.plusSeconds(60), now);
        };

    verifyWith(recording, RevocationPolicy.FAIL_CLOSED);

    assertThat(seen[0]).isEqualTo(VerifierFixture.NOW);
    assertThat(issuerSeen[0])
        .isEqualTo(VerifierFixture.pki().newestRoot(Purpose.LOGIN).certificate());
  }
}
