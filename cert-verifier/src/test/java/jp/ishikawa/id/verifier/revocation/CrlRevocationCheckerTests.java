package jp.ishikawa.id.verifier.revocation;

import static jp.ishikawa.id.verifier.revocation.TestCrls.NOW;
import static jp.ishikawa.id.verifier.revocation.TestCrls.PKI;
import static jp.ishikawa.id.verifier.revocation.TestCrls.TRUST;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import jp.ishikawa.id.verifier.JpkiVerifier;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Rejected;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.testpki.CrlSpec;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker in the verification pipeline (step 7), with a CRL store behind it. */
class CrlRevocationCheckerTests {

  private static final byte[] MESSAGE = "ishikawa-id-jpki-v1\n".getBytes(StandardCharsets.UTF_8);
  private static final Instant REVOKED_AT = Instant.parse("2026-05-20T03:00:00Z");

  @TempDir Path folder;

  private static VerificationResult verify(CrlStore store, IssuedCertificate card) {
    JpkiVerifier verifier =
        JpkiVerifier.builder()
            .trustStore(TRUST)
            .revocationChecker(new CrlRevocationChecker(store))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    return verifier.verify(Purpose.LOGIN, card.der(), MESSAGE, card.sign(MESSAGE));
  }

  @Test
  void checkWhenCardIsNotListedThenVerifiedWithTheCrlRecorded() {
    IssuedCertificate card = TestCrls.card(0x0500_0001);
    Path file = TestCrls.write(folder, "full.crl", PKI.crl(CrlSpec.of(Purpose.LOGIN)));
    try (CrlStore store = CrlStore.builder(TRUST).location(file.toString()).build()) {
      VerificationResult result = verify(store, card);

      assertThat(result).isInstanceOf(Verified.class);
      RevocationStatus revocation = ((Verified) result).revocation();
      assertThat(revocation.state()).isEqualTo(RevocationStatus.State.GOOD);
      assertThat(revocation.method()).isEqualTo(RevocationStatus.Method.CRL);
      assertThat(revocation.source()).isEqualTo(file.toString());
    }
  }

  @Test
  void checkWhenCardIsListedThenRejectedAsRevoked() {
    IssuedCertificate card = TestCrls.card(0x0500_0002);
    Path file =
        TestCrls.write(
            folder, "full.crl", PKI.crl(CrlSpec.of(Purpose.LOGIN).revoke(card, REVOKED_AT, 1)));
    try (CrlStore store = CrlStore.builder(TRUST).location(file.toString()).build()) {
      VerificationResult result = verify(store, card);

      assertThat(result).isInstanceOf(Rejected.class);
      assertThat(((Rejected) result).reason()).isEqualTo(Reason.REVOKED);
      assertThat(((Rejected) result).detail()).contains("keyCompromise");
    }
  }

  @Test
  void checkWhenTheCrlIsStaleThenRejectedAsUnknown() {
    IssuedCertificate card = TestCrls.card(0x0500_0003);
    Path file =
        TestCrls.write(
            folder,
            "old.crl",
            PKI.crl(
                CrlSpec.of(Purpose.LOGIN)
                    .updates(NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(2)))));
    try (CrlStore store = CrlStore.builder(TRUST).location(file.toString()).build()) {
      VerificationResult result = verify(store, card);

      assertThat(result).isInstanceOf(Rejected.class);
      assertThat(((Rejected) result).reason()).isEqualTo(Reason.REVOCATION_UNKNOWN);
    }
  }
}
