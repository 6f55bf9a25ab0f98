package jp.ishikawa.id.verifier.revocation;

import static jp.ishikawa.id.verifier.revocation.TestCrls.NOW;
import static jp.ishikawa.id.verifier.revocation.TestCrls.PKI;
import static jp.ishikawa.id.verifier.revocation.TestCrls.TRUST;
import static jp.ishikawa.id.verifier.revocation.TestCrls.card;
import static jp.ishikawa.id.verifier.revocation.TestCrls.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
  void buildWhenCrlSignedWithSha1ThenRefused() {
    Path file = write(folder, "sha1.crl", PKI.crl(loginCrl().signatureAlgorithm("SHA1withRSA")));
    try (CrlStore store = store(file)) {
      assertThat(store.crls().get(0).error()).contains("only sha256WithRSAEncryption");
      assertThat(status(store, card(0x0123_4577)).state()).isEqualTo(State.UNKNOWN);
    }
  }

  @Test
  void buildWhenCrlLargerThanTheCapThenRefused() {
    Path file = write(folder, "big.crl", PKI.crl(loginCrl()));
    try (CrlStore store =
        CrlStore.builder(TRUST).location(file.toString()).maxCrlBytes(200).build()) {
      assertThat(store.crls().get(0).error()).contains("cap of 200");
      assertThat(status(store, card(0x0123_4578)).state()).isEqualTo(State.UNKNOWN);
    }
  }

  @Test
  void buildWhenMalformedThenRecordedAsFailedWithoutThrowing() {
    byte[] der = TestCrls.der(PKI.crl(loginCrl()));
    Path file = write(folder, "cut.crl", java.util.Arrays.copyOf(der, der.length - 40));
    try (CrlStore store = store(file)) {
      CrlInfo info = store.crls().get(0);
      assertThat(info.error()).startsWith("malformed CRL").contains("truncated");
      assertThat(info.source()).isEqualTo(file.toString());
    }
  }

  @Test
  void buildWhenPemThenAccepted() {
    IssuedCertificate card = card(0x0123_4579);
    Path file =
        write(
            folder,
            "pem.crl",
            TestCrls.pem(TestCrls.der(PKI.crl(loginCrl().revoke(card, REVOKED_AT, 1)))));
    try (CrlStore store = store(file)) {
      assertThat(store.crls().get(0).error()).isNull();
      assertThat(status(store, card).state()).isEqualTo(State.REVOKED);
    }
  }

  @Test
  void buildWhenDirectoryThenLoadsEveryCrlDerAndPemFile() {
    write(folder, "a.crl", PKI.crl(loginCrl().distributionPoint("Ishikawa-ken", "Kanazawa-shi")));
    write(folder, "b.der", PKI.crl(loginCrl().distributionPoint("Ishikawa-ken", "Nanao-shi")));
    write(
        folder,
        "c.pem",
        TestCrls.pem(
            TestCrls.der(PKI.crl(loginCrl().distributionPoint("Ishikawa-ken", "Komatsu-shi")))));
    write(folder, "README.txt", new byte[] {'h', 'i'});
    try (CrlStore store = store(folder)) {
      assertThat(store.crls()).hasSize(3).allSatisfy(info -> assertThat(info.error()).isNull());
      assertThat(store.crls())
          .extracting(CrlInfo::source)
          .allSatisfy(source -> assertThat(source).doesNotEndWith(".txt"));
    }
  }

  @Test
  void buildWhenDirectoryHoldsNoCrlThenRecordedAsFailed() {
    try (CrlStore store = store(folder)) {
      assertThat(store.crls())
          .singleElement()
          .satisfies(info -> assertThat(info.error()).contains("holds no *.crl"));
    }
  }

  @Test
  void locationWhenNeitherPathNorHttpUrlThenIllegalArgument() {
    CrlStore.Builder builder = CrlStore.builder(TRUST);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.location(folder.resolve("missing.crl").toString()))
        .withMessageContaining("neither an existing file or directory nor an http");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.location("ldap://ldap.example/cn=crl"))
        .withMessageContaining("unsupported scheme");
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
  void refreshNowWhenFileBecomesMalformedThenKeepsThePreviousCrlAndRecordsTheError() {
    IssuedCertificate card = card(0x0123_4580);
    Path file = write(folder, "full.crl", PKI.crl(loginCrl().revoke(card, REVOKED_AT, 1)));
    try (CrlStore store = store(file)) {
      write(folder, "full.crl", new byte[] {0x30, 0x03, 0x02});

      store.refreshNow();

      CrlInfo info = store.crls().get(0);
      assertThat(info.error()).contains("refresh at").contains("still using the CRL");
      assertThat(info.inUse()).isTrue();
      assertThat(status(store, card).state()).isEqualTo(State.REVOKED);
    }
  }

  @Test
  void refreshNowWhenNewerCrlAppearsThenUsesIt() {
    IssuedCertificate card = card(0x0123_4581);
    Path file =
        write(
            folder,
            "full.crl",
            PKI.crl(
                loginCrl().updates(NOW.minus(Duration.ofHours(5)), NOW.plus(Duration.ofDays(1)))));
    try (CrlStore store = store(file)) {
      assertThat(status(store, card).state()).isEqualTo(State.GOOD);
      write(folder, "full.crl", PKI.crl(loginCrl().number(2).revoke(card, REVOKED_AT, 1)));

      store.refreshNow();

      assertThat(status(store, card).state()).isEqualTo(State.REVOKED);
      assertThat(store.crls().get(0).error()).isNull();
    }
  }

  @Test
  void refreshNowWhenOlderCrlIsServedThenRefusedAsReplay() {
    IssuedCertificate card = card(0x0123_4582);
    Path file =
        write(folder, "full.crl", PKI.crl(loginCrl().number(2).revoke(card, REVOKED_AT, 1)));
    try (CrlStore store = store(file)) {
      write(
          folder,
          "full.crl",
          PKI.crl(
              loginCrl().updates(NOW.minus(Duration.ofHours(5)), NOW.plus(Duration.ofDays(1)))));

      store.refreshNow();

      assertThat(store.crls().get(0).error()).contains("older than the one in use");
      assertThat(status(store, card).state()).isEqualTo(State.REVOKED);
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

  @Test
  void inspectWhenCrlSignedByAnyoneThenReportsItWithoutVerifying() throws Exception {
    Path file =
        write(
            folder,
            "fake.crl",
            PKI.crl(
                loginCrl()
                    .signer(PKI.lookAlike(Purpose.LOGIN))
                    .distributionPoint("Ishikawa-ken", "Kanazawa-shi")
                    .revoke(BigInteger.TWO, REVOKED_AT, 1)));

    CrlInfo info = CrlStore.inspect(file);

    assertThat(info.signedBy()).isEqualTo(CrlInfo.NOT_CHECKED);
    assertThat(info.error()).isNull();
    assertThat(info.entries()).isEqualTo(1);
    assertThat(info.issuerDn()).isEqualTo(ISSUER.getSubjectX500Principal().getName());
    assertThat(info.distributionPoint()).startsWith("CN=Kanazawa-shi CRLDP,OU=Ishikawa-ken");
    assertThat(info.thisUpdate()).isEqualTo(NOW.minus(Duration.ofHours(1)));
  }
}
