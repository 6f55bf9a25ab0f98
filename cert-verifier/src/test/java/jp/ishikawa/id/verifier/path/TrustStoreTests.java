package jp.ishikawa.id.verifier.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import jp.ishikawa.id.verifier.VerifierFixture;
import jp.ishikawa.id.verifier.model.Fingerprint;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTests {

  private static final TestPki PKI = VerifierFixture.pki();

  @TempDir Path folder;

  private static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }

  @Test
  void loadWhenDirectoryOfPemAndDerThenEveryRootLoaded() throws IOException {
    Files.writeString(folder.resolve("gen0.pem"), pem(PKI.root(Purpose.LOGIN, 0).der()));
    Files.write(folder.resolve("gen1.der"), PKI.root(Purpose.LOGIN, 1).der());
    Files.writeString(folder.resolve("readme.txt"), "not a certificate");

    TrustStore store =
        TrustStore.builder().allowTestRoots(true).load(Purpose.LOGIN, folder).build();

    assertThat(store.anchors(Purpose.LOGIN)).hasSize(2);
    assertThat(store.anchors(Purpose.IDENTITY)).isEmpty();
  }

  @Test
  void loadWhenPemFileHoldsSeveralRootsThenAllLoaded() throws IOException {
    Path bundle = folder.resolve("bundle.pem");
    Files.writeString(
        bundle, pem(PKI.root(Purpose.LOGIN, 0).der()) + pem(PKI.root(Purpose.LOGIN, 2).der()));

    TrustStore store =
        TrustStore.builder().allowTestRoots(true).load(Purpose.LOGIN, bundle).build();

    assertThat(store.anchors(Purpose.LOGIN)).hasSize(2);
  }

  @Test
  void loadWhenSameRootTwiceThenKeptOnce() {
    TrustStore store =
        TrustStore.builder()
            .allowTestRoots(true)
            .add(Purpose.LOGIN, PKI.root(Purpose.LOGIN, 0).certificate())
            .add(Purpose.LOGIN, PKI.root(Purpose.LOGIN, 0).certificate())
            .build();

    assertThat(store.anchors(Purpose.LOGIN)).hasSize(1);
  }

  @Test
  void buildWhenTestRootAndTestRootsOffThenRefused() {
    TrustStore.Builder builder =
        TrustStore.builder().add(Purpose.LOGIN, PKI.root(Purpose.LOGIN, 0).certificate());

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JPKI-TEST")
        .hasMessageContaining("allow-test-roots");
  }

  @Test
  void buildWhenProductionRootNotPinnedThenRefused() {
    TestPki production = TestPki.create(TestPki.options().organisation("JPKI"));
    TrustStore.Builder builder =
        TrustStore.builder()
            .pinnedFingerprints(JpkiRoots.productionFingerprints())
            .add(Purpose.LOGIN, production.newestRoot(Purpose.LOGIN).certificate());

    assertThatThrownBy(builder::build).hasMessageContaining("pinned fingerprint");
  }

  @Test
  void buildWhenProductionRootPinnedThenAccepted() {
    TestPki production = TestPki.create(TestPki.options().organisation("JPKI"));
    byte[] root = production.newestRoot(Purpose.LOGIN).der();
    String colonSeparated = Fingerprint.sha256(root).replaceAll("(..)(?!$)", "$1:").toLowerCase();

    TrustStore store =
        TrustStore.builder()
            .pinnedFingerprints(List.of(colonSeparated))
            .add(Purpose.LOGIN, production.newestRoot(Purpose.LOGIN).certificate())
            .build();

    assertThat(store.anchors(Purpose.LOGIN)).hasSize(1);
    assertThat(store.anchors(Purpose.LOGIN).getFirst().info().test()).isFalse();
  }

  @Test
  void buildWhenCertificateIsNotSelfSignedThenRefused() {
    TrustStore.Builder builder =
        TrustStore.builder()
            .allowTestRoots(true)
            .add(Purpose.LOGIN, VerifierFixture.issue(LeafSpec.authentication()).certificate());

    assertThatThrownBy(builder::build).hasMessageContaining("not self-signed");
  }

  /** A self-signed JPKI-TEST-named certificate with the given key, CA flag and key usage. */
  private static java.security.cert.X509Certificate selfSigned(
      String keyAlgorithm, boolean ca, int keyUsage) throws Exception {
    java.security.KeyPairGenerator generator =
        java.security.KeyPairGenerator.getInstance(keyAlgorithm);
    generator.initialize(keyAlgorithm.equals("EC") ? 256 : 2048);
    java.security.KeyPair keys = generator.generateKeyPair();
    org.bouncycastle.asn1.x500.X500Name name =
        org.bouncycastle.asn1.x500.X500Name.getInstance(
            jp.ishikawa.id.verifier.jpki.JpkiNames.caName(Purpose.LOGIN, "JPKI-TEST").getEncoded());
    org.bouncycastle.cert.X509v3CertificateBuilder builder =
        new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
            name,
            java.math.BigInteger.ONE,
            java.util.Date.from(VerifierFixture.NOW.minusSeconds(3600)),
            java.util.Date.from(VerifierFixture.NOW.plusSeconds(3600)),
            name,
            keys.getPublic());
    if (ca) {
      builder.addExtension(
          org.bouncycastle.asn1.x509.Extension.basicConstraints,
          true,
          new org.bouncycastle.asn1.x509.BasicConstraints(true));
    }
    builder.addExtension(
        org.bouncycastle.asn1.x509.Extension.keyUsage,
        true,
        new org.bouncycastle.asn1.x509.KeyUsage(keyUsage));
    String algorithm = keyAlgorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(algorithm)
                    .build(keys.getPrivate())));
  }

  private static final int CA_USAGE =
      org.bouncycastle.asn1.x509.KeyUsage.keyCertSign | org.bouncycastle.asn1.x509.KeyUsage.cRLSign;

  @Test
  void buildWhenRootKeyIsNotRsaThenRefused() throws Exception {
    TrustStore.Builder builder =
        TrustStore.builder()
            .allowTestRoots(true)
            .add(Purpose.LOGIN, selfSigned("EC", true, CA_USAGE));

    assertThatThrownBy(builder::build).hasMessageContaining("does not have an RSA key");
  }

  @Test
  void buildWhenRootIsNotACaThenRefused() throws Exception {
    TrustStore.Builder builder =
        TrustStore.builder()
            .allowTestRoots(true)
            .add(Purpose.LOGIN, selfSigned("RSA", false, CA_USAGE));

    assertThatThrownBy(builder::build).hasMessageContaining("is not a CA");
  }

  @Test
  void buildWhenRootMayNotSignCertificatesThenRefused() throws Exception {
    TrustStore.Builder builder =
        TrustStore.builder()
            .allowTestRoots(true)
            .add(
                Purpose.LOGIN,
                selfSigned("RSA", true, org.bouncycastle.asn1.x509.KeyUsage.cRLSign));

    assertThatThrownBy(builder::build).hasMessageContaining("keyCertSign");
  }

  @Test
  void buildWhenEmptyThenRefused() {
    assertThatThrownBy(() -> TrustStore.builder().build()).hasMessageContaining("empty");
  }

  @Test
  void loadWhenFileIsNotACertificateThenRefusedNamingTheFile() throws IOException {
    Path junk = folder.resolve("junk.pem");
    Files.writeString(junk, "hello", StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> TrustStore.builder().load(Purpose.LOGIN, junk))
        .hasMessageContaining("junk.pem");
  }

  @Test
  void loadWhenPathMissingThenRefused() {
    assertThatThrownBy(() -> TrustStore.builder().load(Purpose.LOGIN, folder.resolve("nothing")))
        .hasMessageContaining("neither a file nor a directory");
  }

  @Test
  void pinnedFingerprintsWhenNotHexThenRefused() {
    assertThatThrownBy(() -> TrustStore.builder().pinnedFingerprints(List.of("abc")))
        .hasMessageContaining("64 hexadecimal digits");
  }
}
