package jp.ishikawa.id.verifier;

import static jp.ishikawa.id.verifier.testing.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.revocation.CrlRevocationChecker;
import jp.ishikawa.id.verifier.revocation.CrlStore;
import jp.ishikawa.id.verifier.revocation.RevocationChecker;
import jp.ishikawa.id.verifier.testpki.CrlSpec;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verified-certificate memory ({@link RememberedCertificates}): a second login with the same
 * card skips only what depends on the certificate bytes and the trust store, and every attack on a
 * remembered certificate is still refused.
 */
class RememberedCertificatesTests {

  @TempDir Path folder;

  /** A clock a test can move, as time passes between two logins. */
  private static final class MovableClock extends Clock {
    private volatile Instant now = VerifierFixture.NOW;

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static JpkiVerifier verifier(Clock clock, RevocationChecker revocation) {
    return JpkiVerifier.builder()
        .trustStore(VerifierFixture.trustStore())
        .revocationChecker(revocation)
        .clock(clock)
        .build();
  }

  private static VerificationResult login(JpkiVerifier verifier, IssuedCertificate card) {
    return verifier.verify(
        Purpose.LOGIN, card.der(), VerifierFixture.MESSAGE, card.sign(VerifierFixture.MESSAGE));
  }

  /** Verifies {@code card} once and checks that it is now remembered, so the next call hits. */
  private static void remember(JpkiVerifier verifier, IssuedCertificate card) {
    assertThat(login(verifier, card)).isInstanceOf(Verified.class);
    assertThat(verifier.rememberedCertificates().size()).isEqualTo(1);
  }

  @Test
  void verifyWhenSameCertificateAgainThenRememberedAndTheSameResult() {
    JpkiVerifier verifier = VerifierFixture.verifier();
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication().serial(0x7100_0001));

    Verified first = (Verified) login(verifier, card);
    Verified second = (Verified) login(verifier, card);

    assertThat(second.credential()).isEqualTo(first.credential());
    assertThat(second.root()).isEqualTo(first.root());
    assertThat(second.notAfter()).isEqualTo(first.notAfter());
    assertThat(verifier.rememberedCertificates())
        .isEqualTo(
            new JpkiVerifier.CacheStatistics(
                1, JpkiVerifier.Builder.DEFAULT_REMEMBERED_CERTIFICATES, 1, 1));
  }

  @Test
  void verifyWhenRememberingIsOffThenNothingIsRemembered() {
    JpkiVerifier verifier =
        JpkiVerifier.builder()
            .trustStore(VerifierFixture.trustStore())
            .revocationChecker(RevocationChecker.none())
            .clock(VerifierFixture.CLOCK)
            .rememberedCertificates(0)
            .build();
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication().serial(0x7100_0002));

    assertThat(login(verifier, card)).isInstanceOf(Verified.class);
    assertThat(login(verifier, card)).isInstanceOf(Verified.class);

    assertThat(verifier.rememberedCertificates())
        .isEqualTo(new JpkiVerifier.CacheStatistics(0, 0, 0, 0));
  }

  @Test
  void verifyWhenMoreCertificatesThanTheCapacityThenTheLeastRecentlyUsedIsForgotten() {
    JpkiVerifier verifier =
        JpkiVerifier.builder()
            .trustStore(VerifierFixture.trustStore())
            .revocationChecker(RevocationChecker.none())
            .clock(VerifierFixture.CLOCK)
            .rememberedCertificates(2)
            .build();
    IssuedCertificate a = VerifierFixture.issue(LeafSpec.authentication().serial(0x7100_0003));
    IssuedCertificate b = VerifierFixture.issue(LeafSpec.authentication().serial(0x7100_0004));
    IssuedCertificate c = VerifierFixture.issue(LeafSpec.authentication().serial(0x7100_0005));

    login(verifier, a);
    login(verifier, b);
    login(verifier, a); // hit: b is now the least recently used
    login(verifier, c); // evicts b
    login(verifier, a); // hit
    login(verifier, b); // miss: forgotten

    JpkiVerifier.CacheStatistics statistics = verifier.rememberedCertificates();
    assertThat(statistics.size()).isEqualTo(2);
    assertThat(statistics.hits()).isEqualTo(2);
    assertThat(statistics.misses()).isEqualTo(4);
  }

  @Test
  void verifyWhenRevokedAfterBeingRememberedThenRefused() throws IOException {
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication().serial(0x7100_0010));
    Path crl = folder.resolve("login.crl");
    write(crl, CrlSpec.of(Purpose.LOGIN).number(1));
    try (CrlStore store =
        CrlStore.builder(VerifierFixture.trustStore())
            .clock(VerifierFixture.CLOCK)
            .location(crl.toString())
            .build()) {
      JpkiVerifier verifier = verifier(VerifierFixture.CLOCK, new CrlRevocationChecker(store));
      remember(verifier, card);

      write(
          crl,
          CrlSpec.of(Purpose.LOGIN)
              .number(2)
              .revoke(card, VerifierFixture.NOW.minus(Duration.ofMinutes(30)), 1));
      store.refreshNow();

      assertRejected(login(verifier, card), Reason.REVOKED);
      assertThat(verifier.rememberedCertificates().hits()).isEqualTo(1);
    }
  }

  @Test
  void verifyWhenRevocationStatusBecomesUnknownAfterBeingRememberedThenRefused() {
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication().serial(0x7100_0011));
    boolean[] sourceDown = {false};
    RevocationChecker flaky =
        (certificate, issuer, now) ->
            sourceDown[0]
                ? RevocationStatus.unknown(
                    RevocationStatus.Method.OCSP, "test", now, "the responder is down")
                : RevocationStatus.good(RevocationStatus.Method.OCSP, "test", now, null, now);
    JpkiVerifier verifier = verifier(VerifierFixture.CLOCK, flaky);
    remember(verifier, card);

    sourceDown[0] = true;

    assertRejected(login(verifier, card), Reason.REVOCATION_UNKNOWN);
  }

  @Test
  void verifyWhenExpiredAfterBeingRememberedThenRefused() {
    IssuedCertificate card =
        VerifierFixture.issue(
            LeafSpec.authentication()
                .serial(0x7100_0020)
                .validity(
                    VerifierFixture.NOW.minus(Duration.ofDays(30)),
                    VerifierFixture.NOW.plus(Duration.ofDays(1))));
    MovableClock clock = new MovableClock();
    JpkiVerifier verifier = verifier(clock, RevocationChecker.none());
    remember(verifier, card);

    clock.set(VerifierFixture.NOW.plus(Duration.ofDays(2)));

    assertRejected(login(verifier, card), Reason.CERTIFICATE_EXPIRED);
    assertThat(verifier.rememberedCertificates().hits()).isEqualTo(1);
  }

  @Test
  void verifyWhenTheClockGoesBackBeforeNotBeforeThenRefused() {
    IssuedCertificate card =
        VerifierFixture.issue(
            LeafSpec.authentication()
                .serial(0x7100_0021)
                .validity(
                    VerifierFixture.NOW.minus(Duration.ofHours(1)),
                    VerifierFixture.NOW.plus(Duration.ofDays(300))));
    MovableClock clock = new MovableClock();
    JpkiVerifier verifier = verifier(clock, RevocationChecker.none());
    remember(verifier, card);

    clock.set(VerifierFixture.NOW.minus(Duration.ofDays(1)));

    assertRejected(login(verifier, card), Reason.CERTIFICATE_NOT_YET_VALID);
  }

  @Test
  void verifyWhenWrongSignatureWithARememberedCertificateThenRefused() {
    JpkiVerifier verifier = VerifierFixture.verifier();
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication().serial(0x7100_0030));
    remember(verifier, card);

    byte[] otherMessage = "ishikawa-id-jpki-v1\ntxn=another".getBytes(StandardCharsets.UTF_8);

    assertRejected(
        verifier.verify(
            Purpose.LOGIN, card.der(), VerifierFixture.MESSAGE, card.sign(otherMessage)),
        Reason.BAD_SIGNATURE);
    assertThat(verifier.rememberedCertificates().hits()).isEqualTo(1);
  }

  @Test
  void verifyWhenSignatureByAnotherKeyWithARememberedCertificateThenRefused() {
    JpkiVerifier verifier = VerifierFixture.verifier();
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication().serial(0x7100_0031));
    IssuedCertificate thief =
        VerifierFixture.pki()
            .issue(
                LeafSpec.authentication()
                    .serial(0x7100_0032)
                    .keyPair(VerifierFixture.pki().newCardKeyPair()));
    remember(verifier, card);

    assertRejected(
        verifier.verify(
            Purpose.LOGIN,
            card.der(),
            VerifierFixture.MESSAGE,
            thief.sign(VerifierFixture.MESSAGE)),
        Reason.BAD_SIGNATURE);
  }

  @Test
  void verifyWhenTruncatedSignatureWithARememberedCertificateThenRefused() {
    JpkiVerifier verifier = VerifierFixture.verifier();
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication().serial(0x7100_0033));
    remember(verifier, card);
    byte[] signature = card.sign(VerifierFixture.MESSAGE);

    assertRejected(
        verifier.verify(
            Purpose.LOGIN,
            card.der(),
            VerifierFixture.MESSAGE,
            java.util.Arrays.copyOf(signature, signature.length - 1)),
        Reason.SIGNATURE_LENGTH);
  }

  @Test
  void verifyWhenABitOfARememberedCertificateIsFlippedThenFullyVerifiedAndRefused() {
    JpkiVerifier verifier = VerifierFixture.verifier();
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication().serial(0x7100_0040));
    remember(verifier, card);
    byte[] flipped = card.der();
    flipped[flipped.length - 1] ^= 0x01; // in the issuer's signature

    assertRejected(
        verifier.verify(
            Purpose.LOGIN, flipped, VerifierFixture.MESSAGE, card.sign(VerifierFixture.MESSAGE)),
        Reason.BAD_CERTIFICATE_SIGNATURE);
    JpkiVerifier.CacheStatistics statistics = verifier.rememberedCertificates();
    assertThat(statistics.hits()).isZero();
    assertThat(statistics.size()).isEqualTo(1);
  }

  @Test
  void verifyWhenTheRememberedCertificateIsSentAsBerThenFullyVerifiedAndRefused() {
    JpkiVerifier verifier = VerifierFixture.verifier();
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication().serial(0x7100_0041));
    remember(verifier, card);
    byte[] der = card.der();
    // The same certificate with its outer length in a longer (non-minimal, BER) form.
    int octets = der[1] & 0x7f;
    byte[] ber = new byte[der.length + 1];
    ber[0] = der[0];
    ber[1] = (byte) (0x80 | (octets + 1));
    ber[2] = 0;
    System.arraycopy(der, 2, ber, 3, der.length - 2);

    assertRejected(
        verifier.verify(
            Purpose.LOGIN, ber, VerifierFixture.MESSAGE, card.sign(VerifierFixture.MESSAGE)),
        Reason.NOT_DER);
    assertThat(verifier.rememberedCertificates().hits()).isZero();
  }

  @Test
  void verifyWhenARememberedLoginCertificateIsUsedForIdentityThenRefused() {
    JpkiVerifier verifier = VerifierFixture.verifier();
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication().serial(0x7100_0050));
    remember(verifier, card);

    assertRejected(
        verifier.verify(
            Purpose.IDENTITY,
            card.der(),
            VerifierFixture.MESSAGE,
            card.sign(VerifierFixture.MESSAGE)),
        Reason.WRONG_PURPOSE);
    assertThat(verifier.rememberedCertificates().hits()).isZero();
  }

  @Test
  void verifyWhenTheTrustStoreIsReloadedWithoutTheRootThenRefused() {
    IssuedCertificate card =
        VerifierFixture.issue(
            LeafSpec.authentication()
                .generation(1)
                .serial(0x7100_0060)
                .validity(
                    VerifierFixture.NOW.minus(Duration.ofDays(30)),
                    VerifierFixture.NOW.plus(Duration.ofDays(300))));
    JpkiVerifier before = VerifierFixture.verifier();
    remember(before, card);

    // The reloaded store no longer holds generation 1's authentication root: a new verifier.
    TrustStore.Builder reloaded = TrustStore.builder().allowTestRoots(true);
    reloaded.add(Purpose.LOGIN, VerifierFixture.pki().newestRoot(Purpose.LOGIN).certificate());
    JpkiVerifier after =
        JpkiVerifier.builder()
            .trustStore(reloaded.build())
            .revocationChecker(RevocationChecker.none())
            .clock(VerifierFixture.CLOCK)
            .build();

    assertRejected(login(after, card), Reason.UNKNOWN_ROOT);
    assertThat(after.rememberedCertificates().size()).isZero();
    assertThat(after.rememberedCertificates().hits()).isZero();
  }

  private static void write(Path file, CrlSpec spec) throws IOException {
    try {
      Files.write(file, VerifierFixture.pki().crl(spec).getEncoded());
    } catch (CRLException e) {
      throw new IllegalStateException(e);
    }
  }
}
