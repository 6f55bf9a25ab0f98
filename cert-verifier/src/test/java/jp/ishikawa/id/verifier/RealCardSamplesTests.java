package jp.ishikawa.id.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Rejected;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.model.Step;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.path.JpkiRoots;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.revocation.RevocationChecker;
import jp.ishikawa.id.verifier.testing.RealSamples;
import org.junit.jupiter.api.Test;

/**
 * The pipeline against real J-LIS roots and a real card's certificate and signatures (JPKI.md §7),
 * at pinned times. Revocation is off here: J-LIS revocation data is only for approved verifiers.
 */
class RealCardSamplesTests {

  private static final Instant WHILE_VALID = Instant.parse("2020-09-13T12:26:40Z");
  private static final Instant TODAY = Instant.parse("2026-11-29T00:00:00Z");

  private static JpkiVerifier verifierAt(Instant time, String... authRoots) throws IOException {
    TrustStore.Builder trust =
        TrustStore.builder().pinnedFingerprints(JpkiRoots.productionFingerprints());
    for (String root : authRoots) {
      trust.load(Purpose.LOGIN, RealSamples.path(root));
    }
    trust.load(Purpose.IDENTITY, RealSamples.path("jlis-sign_ca_2015.pem"));
    trust.load(Purpose.IDENTITY, RealSamples.path("jlis-sign_ca_2023.pem"));
    return JpkiVerifier.builder()
        .trustStore(trust.build())
        .revocationChecker(RevocationChecker.none())
        .clock(Clock.fixed(time, ZoneOffset.UTC))
        .build();
  }

  private static VerificationResult verify(
      JpkiVerifier verifier, String certificate, String signature) {
    return verifier.verify(
        Purpose.LOGIN,
        RealSamples.read(certificate),
        RealSamples.read("card-message1.txt"),
        RealSamples.read(signature));
  }

  @Test
  void verifyWhenReal2019CertificateAndSha256SignatureThenVerifiedAgainstAuthca01()
      throws IOException {
    JpkiVerifier verifier =
        verifierAt(WHILE_VALID, "jlis-auth_ca_2015.pem", "jlis-auth_ca_2023.pem");

    VerificationResult result =
        verify(verifier, "card-auth-cert-2019.der", "card-message1.sha256-rsa-pkcs1.sig");

    assertThat(result).isInstanceOf(Verified.class);
    Verified verified = (Verified) result;
    assertThat(verified.root().label()).isEqualTo("authca01");
    assertThat(verified.credential().serialHex()).isEqualTo("12D57CA");
    assertThat(verified.credential().issuerDn()).contains("OU=JPKI for user authentication");
    assertThat(verified.revocation().state()).isEqualTo(RevocationStatus.State.UNCHECKED);
    assertThat(verified.facts()).isNull();
  }

  @Test
  void verifyWhenRealSha1DigestInfoSignatureThenBadSignatureNamingSha1() throws IOException {
    JpkiVerifier verifier = verifierAt(WHILE_VALID, "jlis-auth_ca_2015.pem");

    VerificationResult result =
        verify(verifier, "card-auth-cert-2019.der", "card-message1.sha1-rsa-pkcs1.sig");

    assertThat(result)
        .isInstanceOfSatisfying(
            Rejected.class,
            rejected -> {
              assertThat(rejected.reason()).isEqualTo(Reason.BAD_SIGNATURE);
              assertThat(rejected.step()).isEqualTo(Step.SIGNATURE);
              assertThat(rejected.detail()).contains("SHA-1");
            });
  }

  @Test
  void verifyWhenRealSignatureOverAnotherMessageThenBadSignature() throws IOException {
    JpkiVerifier verifier = verifierAt(WHILE_VALID, "jlis-auth_ca_2015.pem");

    VerificationResult result =
        verifier.verify(
            Purpose.LOGIN,
            RealSamples.read("card-auth-cert-2019.der"),
            "message2".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            RealSamples.read("card-message1.sha256-rsa-pkcs1.sig"));

    assertThat(result)
        .isInstanceOfSatisfying(
            Rejected.class,
            rejected -> {
              assertThat(rejected.reason()).isEqualTo(Reason.BAD_SIGNATURE);
              assertThat(rejected.detail()).contains("different message");
            });
  }

  @Test
  void verifyWhenReal2019CertificateTodayThenCertificateExpired() throws IOException {
    JpkiVerifier verifier = verifierAt(TODAY, "jlis-auth_ca_2015.pem", "jlis-auth_ca_2023.pem");

    VerificationResult result =
        verify(verifier, "card-auth-cert-2019.der", "card-message1.sha256-rsa-pkcs1.sig");

    assertThat(result)
        .isInstanceOfSatisfying(
            Rejected.class,
            rejected -> {
              assertThat(rejected.reason()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
              assertThat(rejected.step()).isEqualTo(Step.TIME);
            });
  }

  @Test
  void verifyWhenReal2022CertificateAndItsRootNotConfiguredThenUnknownRoot() throws IOException {
    JpkiVerifier verifier = verifierAt(TODAY, "jlis-auth_ca_2015.pem", "jlis-auth_ca_2023.pem");

    // Its own signature is not among the samples; the path step fails before the signature step.
    VerificationResult result =
        verify(verifier, "card-auth-cert-2022.der", "card-message1.sha256-rsa-pkcs1.sig");

    assertThat(result)
        .isInstanceOfSatisfying(
            Rejected.class,
            rejected -> {
              assertThat(rejected.reason()).isEqualTo(Reason.UNKNOWN_ROOT);
              assertThat(rejected.step()).isEqualTo(Step.PATH);
              assertThat(rejected.detail()).contains("8CD5586A891485E559379B7E29D410CFD28B3593");
            });
  }

  @Test
  void verifyWhenRealLoginCertificatePresentedForIdentityThenWrongPurpose() throws IOException {
    JpkiVerifier verifier = verifierAt(WHILE_VALID, "jlis-auth_ca_2015.pem");

    VerificationResult result =
        verifier.verify(
            Purpose.IDENTITY,
            RealSamples.read("card-auth-cert-2019.der"),
            RealSamples.read("card-message1.txt"),
            RealSamples.read("card-message1.sha256-rsa-pkcs1.sig"));

    assertThat(result)
        .isInstanceOfSatisfying(
            Rejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(Reason.WRONG_PURPOSE));
  }

  @Test
  void trustStoreWhenRealRootsLoadedThenLabelledByJlisName() throws IOException {
    TrustStore store =
        TrustStore.builder()
            .pinnedFingerprints(JpkiRoots.productionFingerprints())
            .load(Purpose.LOGIN, RealSamples.path("jlis-auth_ca_2015.pem"))
            .load(Purpose.LOGIN, RealSamples.path("jlis-auth_ca_2023.pem"))
            .load(Purpose.IDENTITY, RealSamples.path("jlis-sign_ca_2015.pem"))
            .load(Purpose.IDENTITY, RealSamples.path("jlis-sign_ca_2023.pem"))
            .build();

    assertThat(store.anchors(Purpose.LOGIN))
        .extracting(a -> a.info().label())
        .containsExactly("authca01", "authca03");
    assertThat(store.anchors(Purpose.IDENTITY))
        .extracting(a -> a.info().label())
        .containsExactly("signca01", "signca03");
  }

  /**
   * JPKI.md §3's pitfall: the JDK's PKIX validator rejects the real certificate for its critical
   * policy qualifiers unless told not to. Our own path code must, and does, accept it (above); this
   * pins down the JDK behaviour so nobody swaps in PKIX without the flag.
   */
  @Test
  void jdkPkixWhenPolicyQualifiersRejectedFalseThenRealCertificateValidates() throws Exception {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    X509Certificate leaf;
    X509Certificate root;
    try (InputStream in = Files.newInputStream(RealSamples.path("card-auth-cert-2019.der"))) {
      leaf = (X509Certificate) factory.generateCertificate(in);
    }
    try (InputStream in = Files.newInputStream(RealSamples.path("jlis-auth_ca_2015.pem"))) {
      root = (X509Certificate) factory.generateCertificate(in);
    }
    CertPath path = factory.generateCertPath(List.of(leaf));
    PKIXParameters strict = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    strict.setRevocationEnabled(false);
    strict.setDate(Date.from(WHILE_VALID));
    PKIXParameters lenient = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    lenient.setRevocationEnabled(false);
    lenient.setDate(Date.from(WHILE_VALID));
    lenient.setPolicyQualifiersRejected(false);

    CertPathValidator validator = CertPathValidator.getInstance("PKIX");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> validator.validate(path, strict))
        .hasMessageContaining("critical policy qualifiers");
    assertThat(validator.validate(path, lenient)).isNotNull();
  }
}
