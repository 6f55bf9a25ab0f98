package jp.ishikawa.id.verifier.cli;

import static jp.ishikawa.id.verifier.cli.CliFixture.MESSAGE;
import static jp.ishikawa.id.verifier.cli.CliFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import jp.ishikawa.id.verifier.cli.CliFixture.Run;
import jp.ishikawa.id.verifier.model.Fingerprint;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import jp.ishikawa.id.verifier.testpki.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify}: the basic facts, signature encodings and root pinning. */
class VerifyCommandTests {

  @TempDir Path folder;

  private String root(Purpose purpose) {
    return CliFixture.writeRoot(folder, purpose);
  }

  private Run verify(Purpose purpose, String[] files, String... extra) {
    return CliFixture.verify(purpose, root(purpose), files, extra);
  }

  @Test
  void verifyWhenIdentityWithoutShowFactsThenFactsOnlySaidToBePresent() {
    TestFacts facts = TestFacts.defaults();
    IssuedCertificate card = CliFixture.issue(LeafSpec.signature().facts(facts));

    Run result = verify(Purpose.IDENTITY, CliFixture.writeCard(folder, card));

    assertThat(result.exit()).as(result.out()).isEqualTo(0);
    assertThat(result.out())
        .contains("\"facts\": \"present (use --show-facts to print them)\"")
        .doesNotContain(facts.name())
        .doesNotContain(facts.address())
        .doesNotContain(facts.birthDate())
        .doesNotContain("1980-04-01")
        .doesNotContain("\"gender");
    assertThat(result.err()).doesNotContain(facts.name()).doesNotContain(facts.address());
  }

  @Test
  void verifyWhenIdentityWithShowFactsThenFactsPrintedAndWarnedAbout() {
    TestFacts facts = TestFacts.defaults();
    IssuedCertificate card = CliFixture.issue(LeafSpec.signature().facts(facts));

    Run result = verify(Purpose.IDENTITY, CliFixture.writeCard(folder, card), "--show-facts");

    assertThat(result.exit()).as(result.out()).isEqualTo(0);
    assertThat(result.out())
        .contains("\"name\": \"" + facts.name() + "\"")
        .contains("\"gender\": \"male\"")
        .contains("\"birth_date\": \"1980-04-01\"")
        .contains("\"birth_date_raw\": \"319800401\"")
        .contains("\"address\": \"" + facts.address() + "\"");
    assertThat(result.err()).contains("prints personal data");
  }

  @Test
  void verifyWhenSignatureIsBase64TextThenDecodedAndVerified() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    String[] files = CliFixture.writeCard(folder, card);
    files[2] =
        CliFixture.write(
            folder,
            "sig.b64",
            (Base64.getMimeEncoder().encodeToString(card.sign(MESSAGE)) + "\n")
                .getBytes(StandardCharsets.US_ASCII));

    Run result = verify(Purpose.LOGIN, files);

    assertThat(result.exit()).as(result.out()).isEqualTo(0);
  }

  @Test
  void verifyWhenSignatureIsBase64UrlWithoutPaddingThenDecodedAndVerified() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    String[] files = CliFixture.writeCard(folder, card);
    files[2] =
        CliFixture.write(
            folder,
            "sig.b64u",
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(card.sign(MESSAGE))
                .getBytes(StandardCharsets.US_ASCII));

    Run result = verify(Purpose.LOGIN, files);

    assertThat(result.exit()).as(result.out()).isEqualTo(0);
  }

  @Test
  void verifyWhenSignatureIsHexTextThenDecodedAndVerified() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    String[] files = CliFixture.writeCard(folder, card);
    files[2] =
        CliFixture.write(
            folder,
            "sig.hex",
            HexFormat.of().formatHex(card.sign(MESSAGE)).getBytes(StandardCharsets.US_ASCII));

    Run result = verify(Purpose.LOGIN, files);

    assertThat(result.exit()).as(result.out()).isEqualTo(0);
  }

  @Test
  void verifyWhenProductionRootNotPinnedThenExitTwo() {
    TestPki production = CliFixture.production();
    IssuedCertificate card =
        production.issue(LeafSpec.authentication().keyPair(CliFixture.cardKeys()));
    String[] files = CliFixture.writeCard(folder, card);
    String root =
        CliFixture.writePem(
            folder, "prod-root.pem", production.newestRoot(Purpose.LOGIN).certificate());

    Run result =
        run(
            "verify",
            "--purpose",
            "login",
            "--trust",
            root,
            "--pin",
            "00".repeat(32),
            "--cert",
            files[0],
            "--message",
            files[1],
            "--signature",
            files[2]);

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains(root).contains("not in the pinned fingerprint list");
  }

  @Test
  void verifyWhenProductionRootPinnedThenVerifiedAndNotTest() {
    TestPki production = CliFixture.production();
    IssuedCertificate card =
        production.issue(LeafSpec.authentication().keyPair(CliFixture.cardKeys()));
    String[] files = CliFixture.writeCard(folder, card);
    String fingerprint =
        Fingerprint.sha256(CliFixture.der(production.newestRoot(Purpose.LOGIN).certificate()));
    String root =
        CliFixture.writePem(
            folder, "prod-root.pem", production.newestRoot(Purpose.LOGIN).certificate());

    Run result =
        run(
            "verify",
            "--purpose",
            "login",
            "--trust",
            root,
            "--pin",
            fingerprint.toLowerCase(),
            "--cert",
            files[0],
            "--message",
            files[1],
            "--signature",
            files[2]);

    assertThat(result.exit()).as(result.err()).isEqualTo(0);
    assertThat(result.out())
        .contains("\"fingerprint\": \"" + fingerprint + "\"")
        .contains("\"test\": false");
  }

  @Test
  void verifyWhenPinIsNotAFingerprintThenExitTwo() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());

    Run result = verify(Purpose.LOGIN, CliFixture.writeCard(folder, card), "--pin", "abc");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--pin: a SHA-256 fingerprint is 64 hexadecimal digits");
  }
}
