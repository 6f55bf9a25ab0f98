package jp.ishikawa.id.verifier.path;

import static jp.ishikawa.id.verifier.testing.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import jp.ishikawa.id.verifier.JpkiVerifier;
import jp.ishikawa.id.verifier.VerifierFixture;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.revocation.RevocationChecker;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestPki;
import org.junit.jupiter.api.Test;

class PathCheckTests {

  private static final TestPki PKI = VerifierFixture.pki();

  @Test
  void verifyWhenEachGenerationIssuesThenTheRightRootIsChosen() {
    for (int generation = 1; generation < 3; generation++) {
      IssuedCertificate card =
          VerifierFixture.issue(LeafSpec.authentication().generation(generation));

      VerificationResult result = VerifierFixture.verifySigned(Purpose.LOGIN, card);

      assertThat(result).isInstanceOf(Verified.class);
      assertThat(((Verified) result).root().sha256Fingerprint())
          .isEqualTo(
              jp.ishikawa.id.verifier.model.Fingerprint.sha256(
                  PKI.root(Purpose.LOGIN, generation).der()));
    }
  }

  @Test
  void verifyWhenLookAlikeRootWithSameDnSignsThenUnknownRoot() {
    IssuedCertificate forged =
        VerifierFixture.issue(LeafSpec.authentication().issuer(PKI.lookAlike(Purpose.LOGIN)));
    assertThat(forged.certificate().getIssuerX500Principal())
        .isEqualTo(PKI.newestRoot(Purpose.LOGIN).certificate().getSubjectX500Principal());

    assertRejected(VerifierFixture.verifySigned(Purpose.LOGIN, forged), Reason.UNKNOWN_ROOT);
  }

  @Test
  void verifyWhenLookAlikeCopiesRealKeyIdentifierThenBadCertificateSignature() {
    IssuedCertificate forged =
        VerifierFixture.issue(
            LeafSpec.authentication()
                .issuer(PKI.lookAlike(Purpose.LOGIN))
                .authorityKeyIdentifierOf(PKI.newestRoot(Purpose.LOGIN)));

    assertRejected(
        VerifierFixture.verifySigned(Purpose.LOGIN, forged), Reason.BAD_CERTIFICATE_SIGNATURE);
  }

  @Test
  void verifyWhenLookAlikeSignsWithoutKeyIdentifierThenUnknownRoot() {
    IssuedCertificate forged =
        VerifierFixture.issue(
            LeafSpec.authentication()
                .issuer(PKI.lookAlike(Purpose.LOGIN))
                .omitAuthorityKeyIdentifier());

    assertRejected(VerifierFixture.verifySigned(Purpose.LOGIN, forged), Reason.UNKNOWN_ROOT);
  }

  @Test
  void verifyWhenNoKeyIdentifierButRealRootSignedThenVerifiedBySignature() {
    IssuedCertificate card =
        VerifierFixture.issue(LeafSpec.authentication().generation(1).omitAuthorityKeyIdentifier());

    VerificationResult result = VerifierFixture.verifySigned(Purpose.LOGIN, card);

    assertThat(result).isInstanceOf(Verified.class);
  }

  @Test
  void verifyWhenGenerationNotConfiguredThenUnknownRoot() {
    // Trust only generation 0 and 2; a generation-1 card has a known name but an unknown key.
    TrustStore store =
        TrustStore.builder()
            .allowTestRoots(true)
            .add(Purpose.LOGIN, PKI.root(Purpose.LOGIN, 0).certificate())
            .add(Purpose.LOGIN, PKI.root(Purpose.LOGIN, 2).certificate())
            .build();
    JpkiVerifier verifier =
        JpkiVerifier.builder()
            .trustStore(store)
            .revocationChecker(RevocationChecker.none())
            .clock(VerifierFixture.CLOCK)
            .build();
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication().generation(1));

    assertRejected(
        verifier.verify(
            Purpose.LOGIN, card.der(), VerifierFixture.MESSAGE, card.sign(VerifierFixture.MESSAGE)),
        Reason.UNKNOWN_ROOT);
  }
}
