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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, refusing and refreshing CRLs from files and directories. */
class CrlStoreLoadingTests {

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
