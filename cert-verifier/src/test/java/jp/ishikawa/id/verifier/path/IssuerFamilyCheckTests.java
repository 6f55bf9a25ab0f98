package jp.ishikawa.id.verifier.path;

import static jp.ishikawa.id.verifier.testing.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import jp.ishikawa.id.verifier.JpkiVerifier;
import jp.ishikawa.id.verifier.VerifierFixture;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.revocation.RevocationChecker;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestPki;
import org.junit.jupiter.api.Test;

class IssuerFamilyCheckTests {

  @Test
  void verifyWhenAuthenticationCertificateForLoginThenPasses() {
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication());
    assertThat(VerifierFixture.verifySigned(Purpose.LOGIN, card)).isInstanceOf(Verified.class);
  }

  @Test
  void verifyWhenSignatureCertificateForLoginThenWrongPurpose() {
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.signature());
    assertRejected(VerifierFixture.verifySigned(Purpose.LOGIN, card), Reason.WRONG_PURPOSE);
  }

  @Test
  void verifyWhenAuthenticationCertificateForIdentityThenWrongPurpose() {
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication());
    assertRejected(VerifierFixture.verifySigned(Purpose.IDENTITY, card), Reason.WRONG_PURPOSE);
  }

  @Test
  void verifyWhenTestRootsOffAndTestCardThenTestRootNotAllowed() {
    // A production deployment: only production-named roots, test roots off.
    TestPki production =
        TestPki.create(TestPki.options().organisation("JPKI").clock(VerifierFixture.CLOCK));
    TrustStore store =
        TrustStore.builder()
            .add(Purpose.LOGIN, production.newestRoot(Purpose.LOGIN).certificate())
            .build();
    JpkiVerifier verifier =
        JpkiVerifier.builder()
            .trustStore(store)
            .revocationChecker(RevocationChecker.none())
            .clock(VerifierFixture.CLOCK)
            .build();
    IssuedCertificate testCard = VerifierFixture.issue(LeafSpec.authentication());

    assertRejected(
        verifier.verify(
            Purpose.LOGIN,
            testCard.der(),
            VerifierFixture.MESSAGE,
            testCard.sign(VerifierFixture.MESSAGE)),
        Reason.TEST_ROOT_NOT_ALLOWED);
  }

  @Test
  void verifyWhenIssuerIsNoJpkiCaThenUntrustedIssuer() {
    TestPki stranger =
        TestPki.create(
            TestPki.options()
                .organisation("Example Corp")
                .clock(Clock.fixed(VerifierFixture.NOW, java.time.ZoneOffset.UTC)));
    IssuedCertificate card =
        stranger.issue(LeafSpec.authentication().keyPair(VerifierFixture.cardKeys()));
    assertRejected(VerifierFixture.verifySigned(Purpose.LOGIN, card), Reason.UNTRUSTED_ISSUER);
  }

  @Test
  void verifyWhenRightFamilyButNoRootOfThatNameConfiguredThenUntrustedIssuer() {
    TestPki production =
        TestPki.create(TestPki.options().organisation("JPKI").clock(VerifierFixture.CLOCK));
    IssuedCertificate card =
        production.issue(LeafSpec.authentication().keyPair(VerifierFixture.cardKeys()));
    // The fixture trusts only JPKI-TEST roots, so a production-named issuer has no root here.
    assertRejected(VerifierFixture.verifySigned(Purpose.LOGIN, card), Reason.UNTRUSTED_ISSUER);
  }
}
