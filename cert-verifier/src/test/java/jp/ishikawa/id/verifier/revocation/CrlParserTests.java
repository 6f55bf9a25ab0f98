package jp.ishikawa.id.verifier.revocation;

import static jp.ishikawa.id.verifier.revocation.TestCrls.NOW;
import static jp.ishikawa.id.verifier.revocation.TestCrls.PKI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.testpki.CrlSpec;
import jp.ishikawa.id.verifier.testpki.LargeCrlWriter;
import jp.ishikawa.id.verifier.testpki.TestRoot;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.ReasonFlags;
import org.junit.jupiter.api.Test;

class CrlParserTests {

  private static final Instant AT = Instant.parse("2026-05-01T12:34:56Z");
  private static final TestRoot ROOT = PKI.newestRoot(Purpose.LOGIN);

  private static ParsedCrl parse(byte[] bytes) throws IOException {
    return CrlParser.parse(new ByteArrayInputStream(bytes), Long.MAX_VALUE);
  }

  private static String formatError(byte[] bytes) {
    return assertThatExceptionOfType(CrlFormatException.class)
        .isThrownBy(() -> parse(bytes))
        .actual()
        .getMessage();
  }

  private static byte[] validDer() {
    return TestCrls.der(
        PKI.crl(CrlSpec.of(Purpose.LOGIN).revoke(BigInteger.valueOf(0x01020304), AT, 1)));
  }

  private static CraftedCrl crafted() {
    return CraftedCrl.of(ROOT.certificate(), ROOT.keyPair().getPrivate());
  }

  @Test
  void parseWhenTestPkiCrlThenReadsWhatTheJdkReads() throws Exception {
    X509CRL crl =
        PKI.crl(
            CrlSpec.of(Purpose.LOGIN)
                .number(42)
                .distributionPoint("Ishikawa-ken", "Kanazawa-shi")
                .revoke(BigInteger.valueOf(0x7fff_fff0L), AT, 1)
                .revoke(BigInteger.valueOf(0x0100_0001L), AT.plusSeconds(60), 4));

    ParsedCrl parsed = parse(crl.getEncoded());

    assertThat(parsed.refusal()).isNull();
    assertThat(parsed.issuer()).isEqualTo(crl.getIssuerX500Principal());
    assertThat(parsed.thisUpdate()).isEqualTo(crl.getThisUpdate().toInstant());
    assertThat(parsed.nextUpdate()).isEqualTo(crl.getNextUpdate().toInstant());
    assertThat(parsed.crlNumber()).isEqualTo(BigInteger.valueOf(42));
    assertThat(parsed.authorityKeyId())
        .isEqualTo(TrustStore.subjectKeyIdentifier(ROOT.certificate()));
    assertThat(parsed.distributionPoints())
        .containsExactly(
            new X500Principal(
                PKI.crlDistributionPointName(Purpose.LOGIN, "Ishikawa-ken", "Kanazawa-shi")
                    .getEncoded()));
    assertThat(parsed.tbsSha256())
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(crl.getTBSCertList()));
    assertThat(parsed.signature()).isEqualTo(crl.getSignature());
    assertThat(parsed.revoked().size()).isEqualTo(2);
    for (X509CRLEntry entry : crl.getRevokedCertificates()) {
      int index = parsed.revoked().indexOf(entry.getSerialNumber());
      assertThat(index).isNotNegative();
      assertThat(parsed.revoked().revokedAt(index))
          .isEqualTo(entry.getRevocationDate().toInstant());
      assertThat(RevokedSerials.reasonName(parsed.revoked().reasonCode(index)))
          .isEqualTo(
              entry.getRevocationReason().name().equals("KEY_COMPROMISE")
                  ? "keyCompromise"
                  : "superseded");
    }
  }

  @Test
  void parseWhenEntriesAreNotInSerialOrderThenEveryOneIsFound() throws IOException {
    CrlSpec spec = CrlSpec.of(Purpose.LOGIN);
    List<Long> serials =
        List.of(0x5000_0000L, 0x0100_0000L, 0xffff_ffffL, 0x3000_0000L, 0x8000_0000L);
    for (long serial : serials) {
      spec.revoke(BigInteger.valueOf(serial), AT, 1);
    }

    ParsedCrl parsed = parse(TestCrls.der(PKI.crl(spec)));

    for (long serial : serials) {
      assertThat(parsed.revoked().indexOf(BigInteger.valueOf(serial)))
          .as("%x", serial)
          .isNotNegative();
    }
    assertThat(parsed.revoked().indexOf(BigInteger.valueOf(0x3000_0001L))).isEqualTo(-1);
    assertThat(parsed.revoked().overflowSize()).isZero();
  }

  @Test
  void parseWhenLargeCrlThenEveryEntryIsIndexedWithDateAndReason() throws IOException {
    LargeCrlWriter writer = LargeCrlWriter.of(ROOT, 20_000, NOW.minus(Duration.ofHours(1)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.writeTo(out);

    ParsedCrl parsed = parse(out.toByteArray());

    assertThat(parsed.refusal()).isNull();
    assertThat(CrlSigningRoot.find(parsed, TestCrls.TRUST).anchor().certificate())
        .isEqualTo(ROOT.certificate());
    assertThat(parsed.revoked().size()).isEqualTo(20_000);
    for (int k = 0; k < writer.entries(); k++) {
      int index = parsed.revoked().indexOf(writer.revokedSerial(k));
      assertThat(index).isNotNegative();
      assertThat(parsed.revoked().revokedAt(index)).isEqualTo(writer.revokedAt(k));
      assertThat(parsed.revoked().reasonCode(index)).isEqualTo(writer.reasonCode(k));
      assertThat(parsed.revoked().indexOf(writer.unrevokedSerial(k))).isEqualTo(-1);
    }
  }

  @Test
  void parseWhenTimesAreGeneralizedTimeThenReadsThem() throws IOException {
    Instant later = Instant.parse("2051-01-02T03:04:05Z");

    ParsedCrl parsed = parse(crafted().updates(later, later.plus(Duration.ofDays(1))).der());

    assertThat(parsed.thisUpdate()).isEqualTo(later);
  }

  @Test
  void parseWhenPemWithExplanatoryTextThenDecodes() throws IOException {
    byte[] pem = TestCrls.pem(validDer());
    byte[] withText =
        concat(
            "Certificate Revocation List (CRL):\n  made by a test\n"
                .getBytes(StandardCharsets.US_ASCII),
            pem);

    assertThat(parse(withText).revoked().size()).isEqualTo(1);
  }

  @Test
  void parseWhenTruncatedThenFormatError() {
    byte[] der = validDer();
    for (int cut : new int[] {1, 30, der.length / 2, der.length - 1}) {
      assertThat(formatError(Arrays.copyOf(der, cut))).as("cut at %d", cut).contains("truncated");
    }
  }

  @Test
  void parseWhenEmptyThenFormatError() {
    assertThat(formatError(new byte[0])).contains("empty");
  }

  @Test
  void parseWhenTrailingDataThenFormatError() {
    assertThat(formatError(concat(validDer(), new byte[] {0}))).contains("trailing data");
  }

  @Test
  void parseWhenIndefiniteLengthThenFormatError() {
    assertThat(formatError(new byte[] {0x30, (byte) 0x80, 0x30, 0x00, 0x00, 0x00}))
        .contains("indefinite length");
  }

  @Test
  void parseWhenAnElementOverrunsItsContainerThenFormatError() {
    // A 5-byte CertificateList whose tbsCertList claims 16 bytes.
    byte[] der = {0x30, 0x05, 0x30, 0x10, 0x02, 0x01, 0x01};

    assertThat(formatError(der)).contains("more than its container holds");
  }

  @Test
  void parseWhenNeitherDerNorPemThenFormatError() {
    assertThat(formatError(new byte[] {0x01, 0x02, 0x03})).contains("neither DER");
  }

  @Test
  void parseWhenPemHoldsAnotherTypeThenFormatError() {
    byte[] pem =
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
            .getBytes(StandardCharsets.US_ASCII);

    assertThat(formatError(pem)).contains("BEGIN CERTIFICATE");
  }

  @Test
  void parseWhenPemHasNoEndLineThenFormatError() {
    byte[] pem = TestCrls.pem(validDer());
    String text =
        new String(pem, StandardCharsets.US_ASCII).replace("-----END X509 CRL-----\n", "");

    assertThat(formatError(text.getBytes(StandardCharsets.US_ASCII)))
        .contains("no -----END X509 CRL-----");
  }

  @Test
  void parseWhenLargerThanTheCapThenFormatError() {
    assertThatExceptionOfType(CrlFormatException.class)
        .isThrownBy(() -> CrlParser.parse(new ByteArrayInputStream(validDer()), 100))
        .withMessageContaining("cap of 100");
  }

  @Test
  void parseWhenNoNextUpdateThenRefused() throws IOException {
    assertThat(parse(crafted().updates(NOW, null).der()).refusal()).contains("no nextUpdate");
  }

  @Test
  void parseWhenNextUpdateIsBeforeThisUpdateThenRefused() throws IOException {
    byte[] der = crafted().updates(NOW, NOW.minus(Duration.ofDays(1))).der();

    assertThat(parse(der).refusal()).contains("is before thisUpdate");
  }

  @Test
  void parseWhenUnknownCriticalExtensionThenRefused() throws IOException {
    byte[] der =
        crafted().extension(new ASN1ObjectIdentifier("1.2.3.4.5"), true, DERNull.INSTANCE).der();

    assertThat(parse(der).refusal()).isEqualTo("unsupported critical CRL extension 1.2.3.4.5");
  }

  @Test
  void parseWhenUnknownNonCriticalExtensionThenAccepted() throws IOException {
    byte[] der =
        crafted().extension(new ASN1ObjectIdentifier("1.2.3.4.5"), false, DERNull.INSTANCE).der();

    assertThat(parse(der).refusal()).isNull();
  }

  @Test
  void parseWhenDeltaCrlThenRefused() throws IOException {
    byte[] der =
        crafted().extension(Extension.deltaCRLIndicator, true, new CRLNumber(BigInteger.ONE)).der();

    assertThat(parse(der).refusal()).contains("delta CRLs");
  }

  @Test
  void parseWhenIndirectCrlThenRefused() throws IOException {
    byte[] der =
        crafted()
            .extension(
                Extension.issuingDistributionPoint,
                true,
                new IssuingDistributionPoint(null, false, false, null, true, false))
            .der();

    assertThat(parse(der).refusal()).contains("indirect CRLs");
  }

  @Test
  void parseWhenScopedToSomeReasonsThenRefused() throws IOException {
    IssuingDistributionPoint idp =
        new IssuingDistributionPoint(
            null, false, false, new ReasonFlags(ReasonFlags.keyCompromise), false, false);

    assertThat(
            parse(crafted().extension(Extension.issuingDistributionPoint, true, idp).der())
                .refusal())
        .contains("onlySomeReasons");
  }

  @Test
  void parseWhenDistributionPointIsNotADirectoryNameThenRefused() throws IOException {
    IssuingDistributionPoint idp =
        new IssuingDistributionPoint(
            new org.bouncycastle.asn1.x509.DistributionPointName(
                new GeneralNames(
                    new GeneralName(
                        GeneralName.uniformResourceIdentifier, "http://crl.example/a.crl"))),
            false,
            false,
            null,
            false,
            false);

    assertThat(
            parse(crafted().extension(Extension.issuingDistributionPoint, true, idp).der())
                .refusal())
        .contains("names no directoryName");
  }

  @Test
  void parseWhenUnknownCriticalEntryExtensionThenRefused() throws IOException {
    Extensions extensions =
        new Extensions(
            new Extension(
                new ASN1ObjectIdentifier("1.2.3.4.6"),
                true,
                new DEROctetString(new byte[] {5, 0})));

    assertThat(parse(crafted().entry(BigInteger.TEN, AT, extensions).der()).refusal())
        .isEqualTo("unsupported critical entry extension 1.2.3.4.6");
  }

  @Test
  void parseWhenEntryNamesACertificateIssuerThenRefused() throws IOException {
    GeneralNames other = new GeneralNames(new GeneralName(new X500Name("CN=Other CA")));
    Extensions extensions =
        new Extensions(new Extension(Extension.certificateIssuer, true, new DEROctetString(other)));

    assertThat(parse(crafted().entry(BigInteger.TEN, AT, extensions).der()).refusal())
        .contains("certificateIssuer");
  }

  @Test
  void parseWhenReasonCodeIsNotACrlReasonThenFormatError() throws IOException {
    Extensions extensions =
        new Extensions(
            new Extension(Extension.reasonCode, false, new DEROctetString(new ASN1Enumerated(7))));

    assertThat(formatError(crafted().entry(BigInteger.TEN, AT, extensions).der()))
        .contains("reasonCode 7");
  }

  @Test
  void parseWhenOuterAlgorithmDiffersFromInnerThenRefused() throws IOException {
    byte[] der = validDer();
    byte[] algorithm = java.util.HexFormat.of().parseHex("300d06092a864886f70d01010b0500");
    int outer = lastIndexOf(der, algorithm);
    der[outer + 12] = 0x0c; // sha384WithRSAEncryption

    assertThat(parse(der).refusal()).contains("signatureAlgorithm differs");
  }

  private static int lastIndexOf(byte[] haystack, byte[] needle) {
    for (int i = haystack.length - needle.length; i >= 0; i--) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] out = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, out, first.length, second.length);
    return out;
  }
}
