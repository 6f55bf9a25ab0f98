package jp.ishikawa.id.verifier.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import jp.ishikawa.id.verifier.VerifierFixture;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Rejected;
import jp.ishikawa.id.verifier.model.Step;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.BEROctetString;
import org.bouncycastle.asn1.BERSequence;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InputLimitsCheckTests {

  private static IssuedCertificate card;
  private static byte[] signature;

  @BeforeAll
  static void issue() {
    card = VerifierFixture.issue(LeafSpec.authentication());
    signature = card.sign(VerifierFixture.MESSAGE);
  }

  private static VerificationResult verify(byte[] certificate, byte[] message, byte[] sig) {
    return VerifierFixture.verifier().verify(Purpose.LOGIN, certificate, message, sig);
  }

  private static void assertRejected(VerificationResult result, Reason reason) {
    assertThat(result)
        .isInstanceOfSatisfying(
            Rejected.class,
            rejected -> {
              assertThat(rejected.reason()).isEqualTo(reason);
              assertThat(rejected.step()).isEqualTo(Step.INPUT);
            });
  }

  @Test
  void verifyWhenWellFormedThenPassesInput() {
    assertThat(verify(card.der(), VerifierFixture.MESSAGE, signature)).isInstanceOf(Verified.class);
  }

  @Test
  void verifyWhenCertificateEmptyThenEmptyInput() {
    assertRejected(verify(new byte[0], VerifierFixture.MESSAGE, signature), Reason.EMPTY_INPUT);
  }

  @Test
  void verifyWhenCertificateNullThenEmptyInput() {
    assertRejected(verify(null, VerifierFixture.MESSAGE, signature), Reason.EMPTY_INPUT);
  }

  @Test
  void verifyWhenSignatureEmptyThenEmptyInput() {
    assertRejected(verify(card.der(), VerifierFixture.MESSAGE, new byte[0]), Reason.EMPTY_INPUT);
  }

  @Test
  void verifyWhenMessageEmptyThenEmptyInput() {
    assertRejected(verify(card.der(), new byte[0], signature), Reason.EMPTY_INPUT);
  }

  @Test
  void verifyWhenCertificateOverCapThenCertificateTooLarge() {
    byte[] huge = Arrays.copyOf(card.der(), 8 * 1024 + 1);
    assertRejected(verify(huge, VerifierFixture.MESSAGE, signature), Reason.CERTIFICATE_TOO_LARGE);
  }

  @Test
  void verifyWhenMessageOverCapThenMessageTooLarge() {
    assertRejected(verify(card.der(), new byte[4 * 1024 + 1], signature), Reason.MESSAGE_TOO_LARGE);
  }

  @Test
  void verifyWhenSignatureOverCapThenSignatureTooLarge() {
    assertRejected(
        verify(card.der(), VerifierFixture.MESSAGE, new byte[1025]), Reason.SIGNATURE_TOO_LARGE);
  }

  @Test
  void verifyWhenPemTextThenNotDer() {
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(card.der())
            + "\n-----END CERTIFICATE-----\n";
    assertRejected(
        verify(pem.getBytes(StandardCharsets.US_ASCII), VerifierFixture.MESSAGE, signature),
        Reason.NOT_DER);
  }

  @Test
  void verifyWhenIndefiniteLengthBerThenNotDer() throws Exception {
    Certificate parsed = Certificate.getInstance(ASN1Primitive.fromByteArray(card.der()));
    byte[] ber =
        new BERSequence(
                org.bouncycastle.asn1.ASN1Sequence.getInstance(parsed.toASN1Primitive()).toArray())
            .getEncoded(ASN1Encoding.BER);
    assertRejected(verify(ber, VerifierFixture.MESSAGE, signature), Reason.NOT_DER);
  }

  @Test
  void verifyWhenNonMinimalLengthEncodingThenNotDer() {
    byte[] der = card.der();
    // Re-encode the outer length with one more length octet than needed (0x83 00 LL LL).
    int headerLength = 2 + (der[1] & 0x7f);
    byte[] longer = new byte[der.length + 1];
    longer[0] = 0x30;
    longer[1] = (byte) (0x80 | ((der[1] & 0x7f) + 1));
    longer[2] = 0;
    System.arraycopy(der, 2, longer, 3, der.length - 2);
    assertThat(headerLength).isGreaterThan(2);
    assertRejected(verify(longer, VerifierFixture.MESSAGE, signature), Reason.NOT_DER);
  }

  @Test
  void verifyWhenTwoCertificatesConcatenatedThenMoreThanOneCertificate() {
    byte[] two = new byte[card.der().length * 2];
    System.arraycopy(card.der(), 0, two, 0, card.der().length);
    System.arraycopy(card.der(), 0, two, card.der().length, card.der().length);
    assertRejected(
        verify(two, VerifierFixture.MESSAGE, signature), Reason.MORE_THAN_ONE_CERTIFICATE);
  }

  @Test
  void verifyWhenTrailingGarbageThenMalformedCertificate() {
    byte[] trailing = Arrays.copyOf(card.der(), card.der().length + 3);
    assertRejected(
        verify(trailing, VerifierFixture.MESSAGE, signature), Reason.MALFORMED_CERTIFICATE);
  }

  @Test
  void verifyWhenTruncatedThenMalformedCertificate() {
    byte[] truncated = Arrays.copyOf(card.der(), card.der().length - 10);
    assertRejected(
        verify(truncated, VerifierFixture.MESSAGE, signature), Reason.MALFORMED_CERTIFICATE);
  }

  @Test
  void verifyWhenNotASequenceThenMalformedCertificate() {
    assertRejected(
        verify(new byte[] {0x04, 0x02, 0x01, 0x02}, VerifierFixture.MESSAGE, signature),
        Reason.MALFORMED_CERTIFICATE);
  }

  @Test
  void verifyWhenDerSequenceButNotCertificateThenMalformedCertificate() throws Exception {
    byte[] notCertificate =
        new org.bouncycastle.asn1.DERSequence(new BEROctetString(new byte[] {1, 2, 3}))
            .getEncoded(ASN1Encoding.DER);
    assertRejected(
        verify(notCertificate, VerifierFixture.MESSAGE, signature), Reason.MALFORMED_CERTIFICATE);
  }

  @Test
  void verifyWhenImpossibleLengthFieldThenMalformedCertificate() {
    byte[] bogus = {0x30, (byte) 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    assertRejected(verify(bogus, VerifierFixture.MESSAGE, signature), Reason.MALFORMED_CERTIFICATE);
  }
}
