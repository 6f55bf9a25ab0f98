package jp.ishikawa.id.verifier.cli;

import static jp.ishikawa.id.verifier.cli.CliFixture.MESSAGE;
import static jp.ishikawa.id.verifier.cli.CliFixture.NOW;
import static jp.ishikawa.id.verifier.cli.CliFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.ishikawa.id.verifier.cli.CliFixture.Run;
import jp.ishikawa.id.verifier.model.Fingerprint;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's entry point: commands, usage errors and exit codes, and {@code verify} end to end. */
class CertVerifierCliTests {

  @TempDir Path folder;

  private String roots;

  /** A directory holding every root of both purposes, as PEM: the CLI sorts them by name. */
  @BeforeEach
  void writeRoots() throws Exception {
    Path directory = Files.createDirectory(folder.resolve("roots"));
    for (Purpose purpose : Purpose.values()) {
      for (TestRoot root : CliFixture.pki().roots(purpose)) {
        CliFixture.writePem(
            directory, purpose.code() + "-" + root.generation() + ".pem", root.certificate());
      }
    }
    roots = directory.toString();
  }

  private Run verify(Purpose purpose, IssuedCertificate card, String... extra) {
    String[] files = CliFixture.writeCard(folder, card);
    return CliFixture.verify(purpose, roots, files, extra);
  }

  @Test
  void runWhenNoArgumentsThenUsageOnStderrAndExitTwo() {
    Run result = run();

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("usage:").contains("verify --purpose login|identity");
  }

  @Test
  void runWhenHelpThenUsageOnStderrAndExitTwo() {
    Run result = run("help");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("crl-stats <crl>").contains("--show-facts");
  }

  @Test
  void runWhenUnknownCommandThenExitTwoNamingIt() {
    Run result = run("frobnicate");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("unknown command frobnicate");
  }

  @Test
  void verifyWhenUnknownOptionThenExitTwoNamingIt() {
    Run result = verify(Purpose.LOGIN, CliFixture.issue(LeafSpec.authentication()), "--frob", "x");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("unknown option --frob");
  }

  @Test
  void verifyWhenPurposeMissingThenExitTwo() {
    Run result =
        run("verify", "--trust", roots, "--cert", "a", "--message", "b", "--signature", "c");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--purpose is required");
  }

  @Test
  void verifyWhenPurposeInvalidThenExitTwo() {
    Run result =
        run("verify", "--purpose", "sign", "--trust", roots, "--cert", "a", "--message", "b");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--purpose must be login or identity, not sign");
  }

  @Test
  void verifyWhenAtIsNotAnInstantThenExitTwo() {
    Run result = verify(Purpose.LOGIN, CliFixture.issue(LeafSpec.authentication()), "--at", "x");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--at must be an ISO-8601 instant");
  }

  @Test
  void verifyWhenCertificateFileMissingThenExitTwoNamingThePath() {
    String missing = folder.resolve("no-such.der").toString();
    Run result =
        run(
            "verify",
            "--purpose",
            "login",
            "--trust",
            roots,
            "--allow-test-roots",
            "--cert",
            missing,
            "--message",
            missing,
            "--signature",
            missing);

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("--cert " + missing + ": no such file");
  }

  @Test
  void verifyWhenTrustPathMissingThenExitTwoNamingThePath() {
    String[] files = CliFixture.writeCard(folder, CliFixture.issue(LeafSpec.authentication()));
    String missing = folder.resolve("no-roots").toString();

    Run result =
        run(
            "verify",
            "--purpose",
            "login",
            "--trust",
            missing,
            "--cert",
            files[0],
            "--message",
            files[1],
            "--signature",
            files[2]);

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--trust " + missing + ": no such file or directory");
  }

  @Test
  void verifyWhenTestRootsWithoutAllowTestRootsThenExitTwoWithTheTrustStoreMessage() {
    String[] files = CliFixture.writeCard(folder, CliFixture.issue(LeafSpec.authentication()));

    Run result =
        run(
            "verify",
            "--purpose",
            "login",
            "--trust",
            roots,
            "--cert",
            files[0],
            "--message",
            files[1],
            "--signature",
            files[2]);

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("is a JPKI-TEST root").contains("allow-test-roots");
  }

  @Test
  void verifyWhenGoodLoginThenExitZeroWithCredentialRootAndUncheckedRevocation() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication().serial(0x12345678L));

    Run result = verify(Purpose.LOGIN, card);

    assertThat(result.exit()).as(result.err()).isEqualTo(0);
    assertThat(result.out())
        .startsWith("{\n  \"result\": \"verified\",\n  \"reason\": null,\n  \"step\": null,")
        .contains("\"purpose\": \"login\"")
        .contains("\"at\": \"" + NOW + "\"")
        .contains("\"serial\": \"12345678\"")
        .contains("\"sha256_fingerprint\": \"" + Fingerprint.sha256(card.der()) + "\"")
        .contains("\"label\": \"JPKI-TEST login 2023-07-16\"")
        .contains(
            "\"fingerprint\": \""
                + Fingerprint.sha256(
                    CliFixture.der(CliFixture.pki().newestRoot(Purpose.LOGIN).certificate()))
                + "\"")
        .contains("\"test\": true")
        .contains("\"state\": \"unchecked\"")
        .contains("\"method\": \"none\"")
        .contains("\"facts\": null");
    assertThat(result.err()).contains("revocation is not checked");
  }

  @Test
  void verifyWhenCertificateIsPemThenConvertedToDerAndVerified() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    String pem = CliFixture.writePem(folder, "card.pem", card.certificate());
    String message = CliFixture.write(folder, "m.txt", MESSAGE);
    String signature = CliFixture.write(folder, "s.sig", card.sign(MESSAGE));

    Run result =
        run(
            "verify",
            "--purpose",
            "login",
            "--trust",
            roots,
            "--allow-test-roots",
            "--cert",
            pem,
            "--message",
            message,
            "--signature",
            signature);

    assertThat(result.exit()).as(result.out()).isEqualTo(0);
    assertThat(result.out())
        .contains("\"sha256_fingerprint\": \"" + Fingerprint.sha256(card.der()));
  }

  @Test
  void verifyWhenPemHoldsTwoCertificatesThenRejectedByTheInputCheck() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    String pem = CliFixture.writePem(folder, "two.pem", card.certificate(), card.certificate());
    String message = CliFixture.write(folder, "m.txt", MESSAGE);
    String signature = CliFixture.write(folder, "s.sig", card.sign(MESSAGE));

    Run result =
        run(
            "verify",
            "--purpose",
            "login",
            "--trust",
            roots,
            "--allow-test-roots",
            "--cert",
            pem,
            "--message",
            message,
            "--signature",
            signature);

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out())
        .contains("\"reason\": \"more_than_one_certificate\"")
        .contains("\"step\": \"input\"");
  }

  @Test
  void verifyWhenRootIsDerFileThenVerified() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    String[] files = CliFixture.writeCard(folder, card);
    String root =
        CliFixture.writeDer(
            folder, "root.der", CliFixture.pki().newestRoot(Purpose.LOGIN).certificate());

    Run result =
        run(
            "verify",
            "--purpose",
            "login",
            "--trust",
            root,
            "--allow-test-roots",
            "--cert",
            files[0],
            "--message",
            files[1],
            "--signature",
            files[2]);

    assertThat(result.exit()).as(result.out()).isEqualTo(0);
  }

  @Test
  void verifyWhenCertificateFromLookAlikeRootThenRejectedUnknownRoot() {
    IssuedCertificate forged =
        CliFixture.issue(
            LeafSpec.authentication().issuer(CliFixture.pki().lookAlike(Purpose.LOGIN)));

    Run result = verify(Purpose.LOGIN, forged);

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out())
        .contains("\"result\": \"rejected\"")
        .contains("\"reason\": \"unknown_root\"")
        .contains("\"step\": \"path\"")
        .contains("\"root\": null")
        .contains("\"revocation\": null");
  }

  @Test
  void verifyWhenNoRootOfThatPurposeIsGivenThenRejectedUntrustedIssuer() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    String[] files = CliFixture.writeCard(folder, card);
    String signatureRoot =
        CliFixture.writePem(
            folder, "sign-root.pem", CliFixture.pki().newestRoot(Purpose.IDENTITY).certificate());

    Run result =
        run(
            "verify",
            "--purpose",
            "login",
            "--trust",
            signatureRoot,
            "--allow-test-roots",
            "--cert",
            files[0],
            "--message",
            files[1],
            "--signature",
            files[2]);

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).contains("\"reason\": \"untrusted_issuer\"");
    assertThat(result.err()).contains("no --trust root serves login");
  }

  @Test
  void verifyWhenSignatureCertificateUsedForLoginThenRejectedWrongPurpose() {
    Run result = verify(Purpose.LOGIN, CliFixture.issue(LeafSpec.signature()));

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out())
        .contains("\"reason\": \"wrong_purpose\"")
        .contains("\"step\": \"issuer\"");
  }

  @Test
  void verifyWhenAtIsAfterNotAfterThenRejectedExpiredWithTheRootNamed() {
    IssuedCertificate card =
        CliFixture.issue(
            LeafSpec.authentication()
                .validity(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(30))));

    Run result = verify(Purpose.LOGIN, card, "--at", NOW.plus(Duration.ofDays(31)).toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out())
        .contains("\"reason\": \"certificate_expired\"")
        .contains("\"step\": \"time\"")
        .contains("\"at\": \"" + NOW.plus(Duration.ofDays(31)) + "\"")
        .contains("\"label\": \"JPKI-TEST login 2023-07-16\"");
  }

  @Test
  void verifyWhenAtIsWithinValidityThenVerifiedAtThatTime() {
    IssuedCertificate card =
        CliFixture.issue(
            LeafSpec.authentication()
                .validity(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(30))));

    Run result = verify(Purpose.LOGIN, card, "--at", "2026-06-20T09:00:00+09:00");

    assertThat(result.exit()).as(result.out()).isEqualTo(0);
    assertThat(result.out()).contains("\"at\": \"2026-06-20T00:00:00Z\"");
  }

  @Test
  void verifyWhenSignatureIsOverAnotherMessageThenRejectedBadSignature() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    String[] files = CliFixture.writeCard(folder, card);
    String other =
        CliFixture.write(folder, "other.txt", "another message".getBytes(StandardCharsets.UTF_8));

    Run result =
        run(
            "verify",
            "--purpose",
            "login",
            "--trust",
            roots,
            "--allow-test-roots",
            "--cert",
            files[0],
            "--message",
            other,
            "--signature",
            files[2]);

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out())
        .contains("\"reason\": \"bad_signature\"")
        .contains("different message");
  }
}
