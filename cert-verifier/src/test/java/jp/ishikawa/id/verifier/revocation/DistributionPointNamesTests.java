package jp.ishikawa.id.verifier.revocation;

import static jp.ishikawa.id.verifier.revocation.TestCrls.NOW;
import static jp.ishikawa.id.verifier.revocation.TestCrls.PKI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class DistributionPointNamesTests {

  /** A certificate whose cRLDistributionPoints extension holds {@code value} as is. */
  static X509Certificate withDistributionPointsValue(byte[] value) throws Exception {
    KeyPair keys = TestCrls.CARD_KEYS;
    X500Name name = new X500Name("C=JP,CN=odd card");
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            name,
            BigInteger.TWO,
            Date.from(NOW.minus(Duration.ofDays(1))),
            Date.from(NOW.plus(Duration.ofDays(1))),
            name,
            SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
    builder.addExtension(Extension.cRLDistributionPoints, false, value);
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
  }

  @Test
  void ofWhenCardCertificateThenItsMunicipalityName() throws Exception {
    X509Certificate card =
        PKI.issue(
                LeafSpec.authentication()
                    .municipality("17204", "Ishikawa-ken", "Wajima-shi")
                    .keyPair(TestCrls.CARD_KEYS))
            .certificate();

    assertThat(DistributionPointNames.of(card))
        .singleElement()
        .isEqualTo(
            PKI.crlDistributionPointName(Purpose.LOGIN, "Ishikawa-ken", "Wajima-shi").getEncoded());
  }

  @Test
  void ofWhenNoExtensionThenEmpty() {
    assertThat(DistributionPointNames.of(TestCrls.newestLoginRoot().certificate())).isEmpty();
  }

  @Test
  void ofWhenExtensionIsMalformedThenIllegalArgument() throws Exception {
    X509Certificate odd = withDistributionPointsValue(new byte[] {0x30, 0x05, 0x30, 0x01});

    assertThatIllegalArgumentException()
        .isThrownBy(() -> DistributionPointNames.of(odd))
        .withMessageStartingWith("cRLDistributionPoints");
  }
}
