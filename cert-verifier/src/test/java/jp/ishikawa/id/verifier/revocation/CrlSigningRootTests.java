package jp.ishikawa.id.verifier.revocation;

import static jp.ishikawa.id.verifier.revocation.TestCrls.NOW;
import static jp.ishikawa.id.verifier.revocation.TestCrls.PKI;
import static jp.ishikawa.id.verifier.revocation.TestCrls.TRUST;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.TestRoot;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class CrlSigningRootTests {

  private static CrlSigningRoot.Outcome find(byte[] der, TrustStore trust) throws IOException {
    return CrlSigningRoot.find(
        CrlParser.parse(new ByteArrayInputStream(der), Long.MAX_VALUE), trust);
  }

  private static CraftedCrl by(TestRoot root) {
    return CraftedCrl.of(root.certificate(), root.keyPair().getPrivate());
  }

  @Test
  void findWhenGenerationsShareTheNameThenPicksTheRootWhoseKeySigned() throws IOException {
    TestRoot middle = PKI.root(Purpose.LOGIN, 1);

    CrlSigningRoot.Outcome outcome = find(by(middle).der(), TRUST);

    assertThat(outcome.refusal()).isNull();
    assertThat(outcome.anchor().certificate()).isEqualTo(middle.certificate());
  }

  @Test
  void findWhenCrlHasNoKeyIdentifierThenPicksTheRootBySignature() throws IOException {
    TestRoot oldest = PKI.root(Purpose.LOGIN, 0);

    CrlSigningRoot.Outcome outcome = find(by(oldest).keyIdentifier(null).der(), TRUST);

    assertThat(outcome.anchor().certificate()).isEqualTo(oldest.certificate());
  }

  @Test
  void findWhenLookAlikeCopiesTheGenuineKeyIdentifierThenRefused() throws IOException {
    TestRoot genuine = PKI.newestRoot(Purpose.LOGIN);
    byte[] forged =
        by(genuine).signedWith(PKI.lookAlike(Purpose.LOGIN).keyPair().getPrivate()).der();

    CrlSigningRoot.Outcome outcome = find(forged, TRUST);

    assertThat(outcome.anchor()).isNull();
    assertThat(outcome.refusal()).contains("does not verify with any trusted root");
  }

  @Test
  void findWhenKeyIdentifierMatchesNoTrustedRootThenRefused() throws IOException {
    TestRoot lookAlike = PKI.lookAlike(Purpose.LOGIN);

    CrlSigningRoot.Outcome outcome = find(by(lookAlike).der(), TRUST);

    assertThat(outcome.anchor()).isNull();
    assertThat(outcome.refusal()).contains("matches none of the 3 trusted roots");
  }

  @Test
  void findWhenNoTrustedRootHasTheIssuerNameThenRefused() throws IOException {
    IssuedCertificate card = TestCrls.card(0x0300_0000);
    byte[] crl = CraftedCrl.of(card.certificate(), card.keyPair().getPrivate()).der();

    CrlSigningRoot.Outcome outcome = find(crl, TRUST);

    assertThat(outcome.refusal()).startsWith("no trusted root is named");
  }

  @Test
  void findWhenTheRootMayNotSignCrlsThenRefused() throws Exception {
    KeyPair keys = TestCrls.CARD_KEYS;
    X500Name name = new X500Name("C=JP,O=JPKI-TEST,OU=No CRL signing");
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            name,
            BigInteger.ONE,
            Date.from(NOW.minus(Duration.ofDays(10))),
            Date.from(NOW.plus(Duration.ofDays(3650))),
            name,
            SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
    builder.addExtension(
        Extension.subjectKeyIdentifier,
        false,
        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
    X509Certificate root =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    TrustStore trust = TrustStore.builder().allowTestRoots(true).add(Purpose.LOGIN, root).build();

    CrlSigningRoot.Outcome outcome = find(CraftedCrl.of(root, keys.getPrivate()).der(), trust);

    assertThat(outcome.anchor()).isNull();
    assertThat(outcome.refusal()).contains("may not sign CRLs (cRLSign)");
  }
}
