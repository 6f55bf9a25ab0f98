package jp.ishikawa.id.verifier.time;

import static jp.ishikawa.id.verifier.testing.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import jp.ishikawa.id.verifier.JpkiVerifier;
import jp.ishikawa.id.verifier.VerifierFixture;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.revocation.RevocationChecker;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestPki;
import org.junit.jupiter.api.Test;

class ValidityCheckTests {

  private static final Instant NOW = VerifierFixture.NOW;

  private static IssuedCertificate valid(Instant from, Instant until) {
    return VerifierFixture.issue(LeafSpec.authentication().validity(from, until));
  }

  @Test
  void verifyWhenExpiredThenCertificateExpired() {
    IssuedCertificate card = valid(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1)));
    assertRejected(VerifierFixture.verifySigned(Purpose.LOGIN, card), Reason.CERTIFICATE_EXPIRED);
  }

  @Test
  void verifyWhenNotYetValidThenCertificateNotYetValid() {
    IssuedCertificate card = valid(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(400)));
    assertRejected(
        VerifierFixture.verifySigned(Purpose.LOGIN, card), Reason.CERTIFICATE_NOT_YET_VALID);
  }

  @Test
  void verifyWhenExpiredWithinSkewThenAccepted() {
    IssuedCertificate card = valid(NOW.minus(Duration.ofDays(400)), NOW.minusSeconds(30));
    assertThat(VerifierFixture.verifySigned(Purpose.LOGIN, card)).isInstanceOf(Verified.class);
  }

  @Test
  void verifyWhenExpiredJustBeyondSkewThenCertificateExpired() {
    IssuedCertificate card = valid(NOW.minus(Duration.ofDays(400)), NOW.minusSeconds(61));
    assertRejected(VerifierFixture.verifySigned(Purpose.LOGIN, card), Reason.CERTIFICATE_EXPIRED);
  }

  @Test
  void verifyWhenValidFromWithinSkewThenAccepted() {
    IssuedCertificate card = valid(NOW.plusSeconds(30), NOW.plus(Duration.ofDays(400)));
    assertThat(VerifierFixture.verifySigned(Purpose.LOGIN, card)).isInstanceOf(Verified.class);
  }

  @Test
  void verifyWhenRootExpiredButCertificateStillValidThenRootNotValid() {
    // A root that ended a year ago, and a card whose own validity (wrongly) runs on past it.
    TestPki old =
        TestPki.create(
            TestPki.options()
                .generations(List.of(LocalDate.of(2016, 1, 1)))
                .clock(VerifierFixture.CLOCK));
    IssuedCertificate card =
        old.issue(
            LeafSpec.authentication()
                .keyPair(VerifierFixture.cardKeys())
                .validity(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(30))));
    JpkiVerifier verifier =
        JpkiVerifier.builder()
            .trustStore(
                TrustStore.builder()
                    .allowTestRoots(true)
                    .add(Purpose.LOGIN, old.newestRoot(Purpose.LOGIN).certificate())
                    .build())
            .revocationChecker(RevocationChecker.none())
            .clock(VerifierFixture.CLOCK)
            .build();

    assertRejected(
        verifier.verify(
            Purpose.LOGIN, card.der(), VerifierFixture.MESSAGE, card.sign(VerifierFixture.MESSAGE)),
        Reason.ROOT_NOT_VALID);
  }

  @Test
  void constructorWhenSkewOverTenMinutesThenRefused() {
    assertThatThrownBy(() -> new ValidityCheck(Duration.ofMinutes(11)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
