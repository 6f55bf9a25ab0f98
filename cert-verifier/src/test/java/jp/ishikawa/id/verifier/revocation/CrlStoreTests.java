package jp.ishikawa.id.verifier.revocation;

import static jp.ishikawa.id.verifier.revocation.TestCrls.NOW;
import static jp.ishikawa.id.verifier.revocation.TestCrls.PKI;
import static jp.ishikawa.id.verifier.revocation.TestCrls.TRUST;
import static jp.ishikawa.id.verifier.revocation.TestCrls.card;
import static jp.ishikawa.id.verifier.revocation.TestCrls.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.model.RevocationStatus.State;
import jp.ishikawa.id.verifier.testpki.CrlSpec;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestRoot;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RFC 5280 §6.3 answers: scope, freshness, revoked or good, never a throw. */
class CrlStoreTests {

  private static final Instant REVOKED_AT = Instant.parse("2026-05-20T03:00:00Z");
  private static final X509Certificate ISSUER = TestCrls.newestLoginRoot().certificate();

  @TempDir Path folder;

  private CrlStore store(Path... locations) {
    CrlStore.Builder builder = CrlStore.builder(TRUST);
    for (Path location : locations) {
      builder.location(location.toString());
    }
    return builder.build();
  }

  private static CrlSpec loginCrl() {
    return CrlSpec.of(Purpose.LOGIN)
        .updates(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
  }

  private static RevocationStatus status(CrlStore store, IssuedCertificate card) {
    return store.status(card.certificate(), ISSUER, NOW);
  }

  @Test
  void statusWhenSerialNotListedThenGoodWithSourceAndUpdates() {
    Path file =
        write(folder, "full.crl", PKI.crl(loginCrl().revoke(BigInteger.valueOf(7), REVOKED_AT, 1)));
    try (CrlStore store = store(file)) {
      RevocationStatus status = status(store, card(0x0123_4567));

      assertThat(status.state()).isEqualTo(State.GOOD);
      assertThat(status.method()).isEqualTo(RevocationStatus.Method.CRL);
      assertThat(status.source()).isEqualTo(file.toString());
      assertThat(status.thisUpdate()).isEqualTo(NOW.minus(Duration.ofHours(1)));
      assertThat(status.nextUpdate()).isEqualTo(NOW.plus(Duration.ofDays(1)));
      assertThat(status.checkedAt()).isEqualTo(NOW);
    }
  }

  @Test
  void statusWhenSerialListedThenRevokedWithDateAndReason() {
    IssuedCertificate card = card(0x0123_4568);
    Path file = write(folder, "full.crl", PKI.crl(loginCrl().revoke(card, REVOKED_AT, 3)));
    try (CrlStore store = store(file)) {
      RevocationStatus status = status(store, card);

      assertThat(status.state()).isEqualTo(State.REVOKED);
      assertThat(status.revokedAt()).isEqualTo(REVOKED_AT);
      assertThat(status.revocationReason()).isEqualTo("affiliationChanged");
      assertThat(status.source()).isEqualTo(file.toString());
    }
  }

  @Test
  void statusWhenEntryHasNoReasonThenRevokedWithoutReason() {
    IssuedCertificate card = card(0x0123_4569);
    Path file = write(folder, "full.crl", PKI.crl(loginCrl().revoke(card, REVOKED_AT, -1)));
    try (CrlStore store = store(file)) {
      RevocationStatus status = status(store, card);

      assertThat(status.state()).isEqualTo(State.REVOKED);
      assertThat(status.revocationReason()).isNull();
    }
  }

  @Test
  void statusWhenNextUpdatePassedThenUnknownAsStale() {
    Path file =
        write(
            folder,
            "old.crl",
            PKI.crl(
                loginCrl().updates(NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)))));
    try (CrlStore store = store(file)) {
      RevocationStatus status = status(store, card(0x0123_4570));

      assertThat(status.state()).isEqualTo(State.UNKNOWN);
      assertThat(status.detail()).contains("stale");
      assertThat(status.source()).isEqualTo(file.toString());
    }
  }

  @Test
  void statusWhenNextUpdateJustPassedWithinSkewThenGood() {
    Path file =
        write(
            folder,
            "edge.crl",
            PKI.crl(
                loginCrl()
                    .updates(NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofMinutes(1)))));
    try (CrlStore store = store(file)) {
      assertThat(status(store, card(0x0123_4571)).state()).isEqualTo(State.GOOD);
    }
  }

  @Test
  void statusWhenThisUpdateInTheFutureThenUnknown() {
    Path file =
        write(
            folder,
            "future.crl",
            PKI.crl(
                loginCrl().updates(NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)))));
    try (CrlStore store = store(file)) {
      RevocationStatus status = status(store, card(0x0123_4572));

      assertThat(status.state()).isEqualTo(State.UNKNOWN);
      assertThat(status.detail()).contains("not yet valid");
    }
  }

  @Test
  void statusWhenOnlyAnotherMunicipalitysCrlIsLoadedThenUnknown() {
    Path file =
        write(
            folder,
            "nanao.crl",
            PKI.crl(loginCrl().distributionPoint("Ishikawa-ken", "Nanao-shi")));
    try (CrlStore store = store(file)) {
      RevocationStatus status = status(store, card(0x0123_4573));

      assertThat(status.state()).isEqualTo(State.UNKNOWN);
      assertThat(status.detail())
          .contains("no CRL covers distribution point")
          .contains("Kanazawa-shi CRLDP");
    }
  }

  @Test
  void statusWhenCrlsArePartitionedPerMunicipalityThenEachCoversOnlyItsOwn() {
    long serial = 0x0222_2222;
    IssuedCertificate kanazawa =
        PKI.issue(LeafSpec.authentication().serial(serial).keyPair(TestCrls.CARD_KEYS));
    IssuedCertificate nanao =
        PKI.issue(
            LeafSpec.authentication()
                .serial(serial)
                .municipality("17202", "Ishikawa-ken", "Nanao-shi")
                .keyPair(TestCrls.CARD_KEYS));
    IssuedCertificate komatsu =
        PKI.issue(
            LeafSpec.authentication()
                .municipality("17203", "Ishikawa-ken", "Komatsu-shi")
                .keyPair(TestCrls.CARD_KEYS));
    write(
        folder,
        "kanazawa.crl",
        PKI.crl(
            loginCrl()
                .distributionPoint("Ishikawa-ken", "Kanazawa-shi")
                .revoke(kanazawa, REVOKED_AT, 1)));
    write(folder, "nanao.crl", PKI.crl(loginCrl().distributionPoint("Ishikawa-ken", "Nanao-shi")));
    try (CrlStore store = store(folder)) {
      assertThat(status(store, kanazawa).state()).isEqualTo(State.REVOKED);
      // The same serial in another municipality's partition says nothing about this certificate.
      RevocationStatus nanaoStatus = status(store, nanao);
      assertThat(nanaoStatus.state()).isEqualTo(State.GOOD);
      assertThat(nanaoStatus.source()).endsWith("nanao.crl");
      RevocationStatus komatsuStatus = status(store, komatsu);
      assertThat(komatsuStatus.state()).isEqualTo(State.UNKNOWN);
      assertThat(komatsuStatus.detail()).contains("Komatsu-shi CRLDP");
      assertThat(store.crls())
          .extracting(CrlInfo::distributionPoint)
          .allSatisfy(name -> assertThat(name).contains("CRL Distribution Points"));
    }
  }

  @Test
  void statusWhenFullAndPartitionedCrlsCoverThenTheFreshestAnswers() {
    IssuedCertificate card = card(0x0123_4574);
    write(
        folder,
        "a-full.crl",
        PKI.crl(loginCrl().updates(NOW.minus(Duration.ofHours(3)), NOW.plus(Duration.ofDays(1)))));
    write(
        folder,
        "b-kanazawa.crl",
        PKI.crl(
            loginCrl()
                .distributionPoint("Ishikawa-ken", "Kanazawa-shi")
                .revoke(card, REVOKED_AT, 4)));
    try (CrlStore store = store(folder)) {
      RevocationStatus status = status(store, card);

      assertThat(status.state()).isEqualTo(State.REVOKED);
      assertThat(status.revocationReason()).isEqualTo("superseded");
      assertThat(status.source()).endsWith("b-kanazawa.crl");
    }
  }

  @Test
  void buildWhenCrlSignedByLookAlikeKeyThenRefusedAndStatusUnknown() {
    Path file = write(folder, "fake.crl", PKI.crl(loginCrl().signer(PKI.lookAlike(Purpose.LOGIN))));
    try (CrlStore store = store(file)) {
      CrlInfo info = store.crls().get(0);
      // The look-alike names its own key, which no trusted root has.
      assertThat(info.error()).contains("matches none of the 3 trusted roots");
      assertThat(info.signedBy()).isEqualTo(CrlInfo.NOT_CHECKED);
      assertThat(info.inUse()).isFalse();
      assertThat(status(store, card(0x0123_4575)).state()).isEqualTo(State.UNKNOWN);
    }
  }

  @Test
  void statusWhenCrlIsOfAnotherGenerationThenItDoesNotCover() {
    Path file = write(folder, "gen0.crl", PKI.crl(loginCrl().generation(0)));
    try (CrlStore store = store(file)) {
      assertThat(store.crls().get(0).error()).isNull();
      assertThat(store.crls().get(0).signedBy())
          .isEqualTo(TRUST.anchors(Purpose.LOGIN).get(0).info().label());

      RevocationStatus status = status(store, card(0x0123_4576));

      assertThat(status.state()).isEqualTo(State.UNKNOWN);
      assertThat(status.detail()).contains("no CRL signed by the key of the issuing root");
    }
  }

  @Test
  void statusWhenCertificateOfOtherPurposeThenOnlyItsRootsCrlsCount() {
    Path file = write(folder, "login.crl", PKI.crl(loginCrl()));
    IssuedCertificate signatureCard = PKI.issue(LeafSpec.signature().keyPair(TestCrls.CARD_KEYS));
    try (CrlStore store = store(file)) {
      RevocationStatus status =
          store.status(
              signatureCard.certificate(), PKI.newestRoot(Purpose.IDENTITY).certificate(), NOW);

      assertThat(status.state()).isEqualTo(State.UNKNOWN);
    }
  }

  @Test
  void statusWhenSerialDoesNotFitFourBytesThenStillFound() {
    BigInteger wide = BigInteger.ONE.shiftLeft(40).add(BigInteger.valueOf(5));
    IssuedCertificate card =
        PKI.issue(LeafSpec.authentication().serial(wide).keyPair(TestCrls.CARD_KEYS));
    Path file =
        write(
            folder,
            "wide.crl",
            PKI.crl(loginCrl().revoke(card, REVOKED_AT, 1).revoke(BigInteger.TEN, REVOKED_AT, 1)));
    try (CrlStore store = store(file)) {
      assertThat(status(store, card).state()).isEqualTo(State.REVOKED);
      assertThat(status(store, card(wide.longValue() & 0xFFFF_FFFFL)).state())
          .isEqualTo(State.GOOD);
    }
  }

  @Test
  void statusWhenCertificateIsNullThenUnknownInsteadOfThrowing() {
    Path file = write(folder, "full.crl", PKI.crl(loginCrl()));
    try (CrlStore store = store(file)) {
      RevocationStatus status = store.status(null, ISSUER, NOW);

      assertThat(status.state()).isEqualTo(State.UNKNOWN);
      assertThat(status.detail()).contains("the CRL check failed");
    }
  }

  @Test
  void statusWhenCertificateExtensionIsMalformedThenUnknownInsteadOfThrowing() throws Exception {
    Path file =
        write(
            folder,
            "kanazawa.crl",
            PKI.crl(loginCrl().distributionPoint("Ishikawa-ken", "Kanazawa-shi")));
    X509Certificate odd =
        DistributionPointNamesTests.withDistributionPointsValue(
            new byte[] {0x30, 0x05, 0x30, 0x01});
    try (CrlStore store = store(file)) {
      RevocationStatus status = store.status(odd, ISSUER, NOW);

      assertThat(status.state()).isEqualTo(State.UNKNOWN);
      assertThat(status.detail()).contains("cRLDistributionPoints");
    }
  }

  @Test
  void statusWhenCrlSpellsTheDistributionPointDifferentlyThenNamesCompareAsX500Names() {
    IssuedCertificate card = card(0x0123_4583);
    X500Name shouted =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.C, "JP")
            .addRDN(BCStyle.O, "JPKI-TEST")
            .addRDN(BCStyle.OU, "JPKI for user authentication")
            .addRDN(BCStyle.OU, "CRL Distribution Points")
            .addRDN(BCStyle.OU, "ISHIKAWA-KEN")
            .addRDN(BCStyle.CN, "KANAZAWA-SHI CRLDP")
            .build();
    IssuingDistributionPoint idp =
        new IssuingDistributionPoint(
            new DistributionPointName(new GeneralNames(new GeneralName(shouted))),
            false,
            false,
            null,
            false,
            false);
    TestRoot root = TestCrls.newestLoginRoot();
    byte[] crl =
        CraftedCrl.of(root.certificate(), root.keyPair().getPrivate())
            .extension(Extension.issuingDistributionPoint, true, idp)
            .entry(card.certificate().getSerialNumber(), REVOKED_AT, null)
            .der();
    Path file = write(folder, "shouted.crl", crl);
    try (CrlStore store = store(file)) {
      assertThat(status(store, card).state()).isEqualTo(State.REVOKED);
    }
  }
}
