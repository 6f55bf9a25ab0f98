package jp.ishikawa.id.verifier.profile;

import static jp.ishikawa.id.verifier.testing.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import jp.ishikawa.id.verifier.JpkiVerifier;
import jp.ishikawa.id.verifier.VerifierFixture;
import jp.ishikawa.id.verifier.jpki.JpkiOids;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.revocation.RevocationChecker;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

class ProfileCheckTests {

  private static void assertLoginRejected(LeafSpec spec, Reason reason) {
    IssuedCertificate card = VerifierFixture.issue(spec);
    assertRejected(VerifierFixture.verifySigned(Purpose.LOGIN, card), reason);
  }

  @Test
  void verifyWhenExactJpkiAuthenticationProfileThenVerified() {
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication());
    assertThat(VerifierFixture.verifySigned(Purpose.LOGIN, card)).isInstanceOf(Verified.class);
  }

  @Test
  void verifyWhenExactJpkiSignatureProfileThenVerified() {
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.signature());
    assertThat(VerifierFixture.verifySigned(Purpose.IDENTITY, card)).isInstanceOf(Verified.class);
  }

  @Test
  void verifyWhenVersion1ThenNotVersion3() {
    assertLoginRejected(LeafSpec.authentication().version1(), Reason.NOT_VERSION_3);
  }

  @Test
  void verifyWhenCertificateSignedWithSha1ThenUnsupportedCertificateAlgorithm() {
    assertLoginRejected(
        LeafSpec.authentication().signatureAlgorithm("SHA1withRSA"),
        Reason.UNSUPPORTED_CERTIFICATE_ALGORITHM);
  }

  @Test
  void verifyWhenRsa1024KeyThenKeyNotRsa2048() {
    IssuedCertificate card = VerifierFixture.pki().issue(LeafSpec.authentication().keyBits(1024));
    assertRejected(VerifierFixture.verifySigned(Purpose.LOGIN, card), Reason.KEY_NOT_RSA_2048);
  }

  @Test
  void verifyWhenPublicExponent3ThenBadPublicExponent() {
    IssuedCertificate card =
        VerifierFixture.pki().issue(LeafSpec.authentication().publicExponent(3));
    assertRejected(VerifierFixture.verifySigned(Purpose.LOGIN, card), Reason.BAD_PUBLIC_EXPONENT);
  }

  @Test
  void verifyWhenCaCertificateThenCaCertificate() {
    assertLoginRejected(LeafSpec.authentication().certificateAuthority(), Reason.CA_CERTIFICATE);
  }

  @Test
  void verifyWhenKeyUsageMissingThenKeyUsage() {
    assertLoginRejected(LeafSpec.authentication().omitKeyUsage(), Reason.KEY_USAGE);
  }

  @Test
  void verifyWhenKeyUsageNotCriticalThenKeyUsage() {
    assertLoginRejected(LeafSpec.authentication().keyUsageCritical(false), Reason.KEY_USAGE);
  }

  @Test
  void verifyWhenKeyUsageAddsKeyEnciphermentThenKeyUsage() {
    assertLoginRejected(
        LeafSpec.authentication().keyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment),
        Reason.KEY_USAGE);
  }

  @Test
  void verifyWhenLoginCertificateHasNonRepudiationThenKeyUsage() {
    assertLoginRejected(
        LeafSpec.authentication().keyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation),
        Reason.KEY_USAGE);
  }

  @Test
  void verifyWhenSignatureCertificateLacksNonRepudiationThenKeyUsage() {
    IssuedCertificate card =
        VerifierFixture.issue(LeafSpec.signature().keyUsage(KeyUsage.digitalSignature));
    assertRejected(VerifierFixture.verifySigned(Purpose.IDENTITY, card), Reason.KEY_USAGE);
  }

  @Test
  void verifyWhenExtendedKeyUsageMissingThenExtendedKeyUsage() {
    assertLoginRejected(LeafSpec.authentication().extendedKeyUsage(), Reason.EXTENDED_KEY_USAGE);
  }

  @Test
  void verifyWhenExtendedKeyUsageIsServerAuthOnlyThenExtendedKeyUsage() {
    assertLoginRejected(
        LeafSpec.authentication().extendedKeyUsage("1.3.6.1.5.5.7.3.1"), Reason.EXTENDED_KEY_USAGE);
  }

  @Test
  void verifyWhenPoliciesMissingThenPolicyNotAllowed() {
    assertLoginRejected(LeafSpec.authentication().omitPolicies(), Reason.POLICY_NOT_ALLOWED);
  }

  @Test
  void verifyWhenPoliciesNotCriticalThenPolicyNotAllowed() {
    assertLoginRejected(
        LeafSpec.authentication().policiesCritical(false), Reason.POLICY_NOT_ALLOWED);
  }

  @Test
  void verifyWhenOtherPolicyThenPolicyNotAllowed() {
    assertLoginRejected(LeafSpec.authentication().policies("1.2.3.4.5"), Reason.POLICY_NOT_ALLOWED);
  }

  @Test
  void verifyWhenSignaturePolicyOnLoginCertificateThenPolicyNotAllowed() {
    assertLoginRejected(
        LeafSpec.authentication().policies(JpkiOids.SIGNATURE_POLICY), Reason.POLICY_NOT_ALLOWED);
  }

  @Test
  void verifyWhenConfiguredExtraPolicyThenAccepted() {
    String smartphonePolicy = "1.2.392.200149.8.5.1.3.99";
    IssuedCertificate card =
        VerifierFixture.issue(LeafSpec.authentication().policies(smartphonePolicy));
    JpkiVerifier verifier =
        JpkiVerifier.builder()
            .trustStore(VerifierFixture.trustStore())
            .revocationChecker(RevocationChecker.none())
            .clock(VerifierFixture.CLOCK)
            .allowedPolicies(
                Purpose.LOGIN, Set.of(JpkiOids.AUTHENTICATION_POLICY, smartphonePolicy))
            .build();

    assertThat(
            verifier.verify(
                Purpose.LOGIN,
                card.der(),
                VerifierFixture.MESSAGE,
                card.sign(VerifierFixture.MESSAGE)))
        .isInstanceOf(Verified.class);
  }

  @Test
  void verifyWhenUnknownCriticalExtensionThenUnknownCriticalExtension() {
    assertLoginRejected(
        LeafSpec.authentication().unknownCriticalExtension("1.2.3.4.5.6.7"),
        Reason.UNKNOWN_CRITICAL_EXTENSION);
  }

  @Test
  void allowedPoliciesWhenNotAnOidThenRefused() {
    assertThatThrownBy(
            () -> CertificateProfile.jpki().withAllowedPolicies(Purpose.LOGIN, Set.of("policy")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
