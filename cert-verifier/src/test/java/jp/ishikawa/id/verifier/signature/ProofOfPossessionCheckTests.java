package jp.ishikawa.id.verifier.signature;

import static jp.ishikawa.id.verifier.testing.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jp.ishikawa.id.verifier.VerifierFixture;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Rejected;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProofOfPossessionCheckTests {

  private static IssuedCertificate card;

  @BeforeAll
  static void issue() {
    card = VerifierFixture.issue(LeafSpec.authentication());
  }

  private static VerificationResult verify(byte[] message, byte[] signature) {
    return VerifierFixture.verifier().verify(Purpose.LOGIN, card.der(), message, signature);
  }

  @Test
  void verifyWhenSha256OverExactMessageThenVerified() {
    assertThat(verify(VerifierFixture.MESSAGE, card.sign(VerifierFixture.MESSAGE)))
        .isInstanceOf(Verified.class);
  }

  @Test
  void verifyWhenSha1DigestInfoThenBadSignatureNamingSha1() {
    Rejected rejected =
        assertRejected(
            verify(VerifierFixture.MESSAGE, card.signSha1DigestInfo(VerifierFixture.MESSAGE)),
            Reason.BAD_SIGNATURE);
    assertThat(rejected.detail()).contains("SHA-1");
  }

  @Test
  void verifyWhenSignedAnotherMessageThenBadSignature() {
    byte[] other = "ishikawa-id-jpki-v1\ntxn=other".getBytes(StandardCharsets.UTF_8);
    Rejected rejected =
        assertRejected(verify(VerifierFixture.MESSAGE, card.sign(other)), Reason.BAD_SIGNATURE);
    assertThat(rejected.detail()).contains("different message");
  }

  @Test
  void verifyWhenMessageDiffersInLastByteThenBadSignature() {
    byte[] tampered = VerifierFixture.MESSAGE.clone();
    tampered[tampered.length - 1] ^= 1;
    assertRejected(verify(tampered, card.sign(VerifierFixture.MESSAGE)), Reason.BAD_SIGNATURE);
  }

  @Test
  void verifyWhenSignedByAnotherKeyThenBadSignatureNotThisKey() {
    IssuedCertificate other =
        VerifierFixture.pki()
            .issue(LeafSpec.authentication().keyPair(VerifierFixture.pki().newCardKeyPair()));
    Rejected rejected =
        assertRejected(
            verify(VerifierFixture.MESSAGE, other.sign(VerifierFixture.MESSAGE)),
            Reason.BAD_SIGNATURE);
    assertThat(rejected.detail()).contains("not made by this certificate's key");
  }

  @Test
  void verifyWhenSignatureTruncatedThenSignatureLength() {
    byte[] signature = card.sign(VerifierFixture.MESSAGE);
    assertRejected(
        verify(VerifierFixture.MESSAGE, Arrays.copyOf(signature, signature.length - 1)),
        Reason.SIGNATURE_LENGTH);
  }

  @Test
  void verifyWhenSignaturePaddedWithLeadingZeroThenSignatureLength() {
    byte[] signature = card.sign(VerifierFixture.MESSAGE);
    byte[] padded = new byte[signature.length + 1];
    System.arraycopy(signature, 0, padded, 1, signature.length);
    assertRejected(verify(VerifierFixture.MESSAGE, padded), Reason.SIGNATURE_LENGTH);
  }

  @Test
  void verifyWhenSignatureAllZeroThenBadSignature() {
    assertRejected(verify(VerifierFixture.MESSAGE, new byte[256]), Reason.BAD_SIGNATURE);
  }
}
