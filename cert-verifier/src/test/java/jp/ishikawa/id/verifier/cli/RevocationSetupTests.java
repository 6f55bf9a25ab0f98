package jp.ishikawa.id.verifier.cli;

import static jp.ishikawa.id.verifier.cli.CliFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import jp.ishikawa.id.verifier.cli.CliFixture.Run;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testing.TestOcspResponder;
import jp.ishikawa.id.verifier.testpki.CrlSpec;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} with each revocation method: none, crl, ocsp, ocsp+crl, and refused combinations.
 */
class RevocationSetupTests {

  private static final Instant REVOKED_AT = Instant.parse("2026-05-20T03:00:00Z");

  @TempDir Path folder;

  private String root(Purpose purpose) {
    return CliFixture.writeRoot(folder, purpose);
  }

  private Run verify(Purpose purpose, String[] files, String... extra) {
    return CliFixture.verify(purpose, root(purpose), files, extra);
  }

  @Test
  void verifyWhenCrlListsTheCardThenRejectedRevokedWithTheCrlStatus() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    String crl =
        CliFixture.writeCrl(
            folder,
            "login.crl",
            CliFixture.pki().crl(CrlSpec.of(Purpose.LOGIN).revoke(card, REVOKED_AT, 1)));

    Run result = verify(Purpose.LOGIN, CliFixture.writeCard(folder, card), "--crl", crl);

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out())
        .contains("\"reason\": \"revoked\"")
        .contains("\"step\": \"revocation\"")
        .contains("\"state\": \"revoked\"")
        .contains("\"method\": \"crl\"")
        .contains("\"source\": \"" + crl + "\"")
        .contains("\"revoked_at\": \"" + REVOKED_AT + "\"")
        .contains("\"revocation_reason\": \"keyCompromise\"")
        .contains("\"label\": \"JPKI-TEST login 2023-07-16\"");
    assertThat(result.err()).doesNotContain("revocation is not checked");
  }

  @Test
  void verifyWhenCrlDoesNotListTheCardThenVerifiedWithCrlFreshness() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    Instant thisUpdate = NOW.minus(Duration.ofHours(2));
    String crl =
        CliFixture.writeCrlPem(
            folder,
            "login.pem",
            CliFixture.pki()
                .crl(
                    CrlSpec.of(Purpose.LOGIN)
                        .updates(thisUpdate, thisUpdate.plus(Duration.ofDays(1)))));

    Run result = verify(Purpose.LOGIN, CliFixture.writeCard(folder, card), "--crl", crl);

    assertThat(result.exit()).as(result.out()).isEqualTo(0);
    assertThat(result.out())
        .contains("\"state\": \"good\"")
        .contains("\"method\": \"crl\"")
        .contains("\"this_update\": \"" + thisUpdate + "\"")
        .contains("\"next_update\": \"" + thisUpdate.plus(Duration.ofDays(1)) + "\"");
  }

  @Test
  void verifyWhenCrlIsStaleAtTheGivenTimeThenRejectedRevocationUnknown() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    String crl =
        CliFixture.writeCrl(folder, "login.crl", CliFixture.pki().crl(CrlSpec.of(Purpose.LOGIN)));

    Run result =
        verify(
            Purpose.LOGIN,
            CliFixture.writeCard(folder, card),
            "--crl",
            crl,
            "--at",
            NOW.plus(Duration.ofDays(3)).toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out())
        .contains("\"reason\": \"revocation_unknown\"")
        .contains("\"state\": \"unknown\"")
        .contains("stale");
  }

  @Test
  void verifyWhenCrlSignedByLookAlikeThenNotUsedAndRejectedRevocationUnknown() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    String crl =
        CliFixture.writeCrl(
            folder,
            "forged.crl",
            CliFixture.pki()
                .crl(CrlSpec.of(Purpose.LOGIN).signer(CliFixture.pki().lookAlike(Purpose.LOGIN))));

    Run result = verify(Purpose.LOGIN, CliFixture.writeCard(folder, card), "--crl", crl);

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).contains("\"reason\": \"revocation_unknown\"");
    assertThat(result.err()).contains("note: CRL " + crl + " is not used");
  }

  @Test
  void verifyWhenRevocationCrlWithoutCrlThenExitTwo() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());

    Run result = verify(Purpose.LOGIN, CliFixture.writeCard(folder, card), "--revocation", "crl");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--revocation crl needs --crl");
  }

  @Test
  void verifyWhenRevocationNoneWithCrlThenExitTwoRatherThanIgnoringIt() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    String crl =
        CliFixture.writeCrl(folder, "login.crl", CliFixture.pki().crl(CrlSpec.of(Purpose.LOGIN)));

    Run result =
        verify(
            Purpose.LOGIN,
            CliFixture.writeCard(folder, card),
            "--crl",
            crl,
            "--revocation",
            "none");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--crl is not used by --revocation none");
  }

  @Test
  void verifyWhenRevocationModeUnknownThenExitTwo() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());

    Run result = verify(Purpose.LOGIN, CliFixture.writeCard(folder, card), "--revocation", "maybe");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--revocation must be none, crl, ocsp or ocsp+crl");
  }

  @Test
  void verifyWhenOcspResponderSaysGoodThenVerifiedWithTheOcspStatus() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    try (TestOcspResponder responder =
        TestOcspResponder.start(CliFixture.pki().newestRoot(Purpose.LOGIN), CliFixture.CLOCK)) {
      responder.answerGood();

      Run result =
          verify(
              Purpose.LOGIN,
              CliFixture.writeCard(folder, card),
              "--ocsp",
              responder.uri().toString());

      assertThat(result.exit()).as(result.out()).isEqualTo(0);
      assertThat(result.out())
          .contains("\"state\": \"good\"")
          .contains("\"method\": \"ocsp\"")
          .contains("\"source\": \"" + responder.uri() + "\"");
      assertThat(responder.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void verifyWhenOcspResponderSaysRevokedThenRejectedRevoked() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    try (TestOcspResponder responder =
        TestOcspResponder.start(CliFixture.pki().newestRoot(Purpose.LOGIN), CliFixture.CLOCK)) {
      responder.revoke(card.certificate(), REVOKED_AT, 1);

      Run result =
          verify(
              Purpose.LOGIN,
              CliFixture.writeCard(folder, card),
              "--ocsp",
              responder.uri().toString());

      assertThat(result.exit()).isEqualTo(1);
      assertThat(result.out())
          .contains("\"reason\": \"revoked\"")
          .contains("\"state\": \"revoked\"")
          .contains("\"method\": \"ocsp\"");
    }
  }

  @Test
  void verifyWhenOcspResponderIsDownThenRejectedRevocationUnknown() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    String down = stoppedResponderUrl();

    Run result = verify(Purpose.LOGIN, CliFixture.writeCard(folder, card), "--ocsp", down);

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out())
        .contains("\"reason\": \"revocation_unknown\"")
        .contains("\"method\": \"ocsp\"")
        .contains("\"source\": \"" + down + "\"");
  }

  @Test
  void verifyWhenOcspThenCrlAndOcspDownThenAnsweredByTheCrl() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    String crl =
        CliFixture.writeCrl(folder, "login.crl", CliFixture.pki().crl(CrlSpec.of(Purpose.LOGIN)));

    Run result =
        verify(
            Purpose.LOGIN,
            CliFixture.writeCard(folder, card),
            "--revocation",
            "ocsp+crl",
            "--ocsp",
            stoppedResponderUrl(),
            "--crl",
            crl);

    assertThat(result.exit()).as(result.out()).isEqualTo(0);
    assertThat(result.out())
        .contains("\"state\": \"good\"")
        .contains("\"method\": \"crl\"")
        .contains("answered by CRL");
  }

  /** The URL of a responder that has stopped: its loopback port now refuses connections. */
  private static String stoppedResponderUrl() {
    TestOcspResponder responder =
        TestOcspResponder.start(CliFixture.pki().newestRoot(Purpose.LOGIN), CliFixture.CLOCK);
    String url = responder.uri().toString();
    responder.close();
    return url;
  }
}
