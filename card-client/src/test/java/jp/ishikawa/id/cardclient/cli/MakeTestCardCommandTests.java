package jp.ishikawa.id.cardclient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.TestCaFile;
import jp.ishikawa.id.cardclient.simulator.TestCardFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code make-test-card} and {@code make-test-ca}, then {@code inspect} on what they wrote. */
class MakeTestCardCommandTests {

  @TempDir Path directory;

  private final CliHarness cli = new CliHarness();

  @Test
  void makeTestCardThenInspectShowsATestCardWithTriesAndNoSignatureCertificate() {
    Path card = directory.resolve("card.p12");
    assertThat(cli.run("make-test-card", "--out", card.toString(), "--pin", "2468")).isZero();
    assertThat(cli.out()).contains("TEST CARD").contains("PIN: 2468").contains("JPKI-TEST");
    cli.reset();
    assertThat(cli.run("inspect", "--simulated", card.toString())).isZero();
    assertThat(cli.out())
        .contains("TEST CARD")
        .contains("Token label: JPKIAPICCTOKEN2 TEST")
        .contains("PIN tries left: 3")
        .contains("Signature certificate: なし / none")
        .contains("O=JPKI-TEST")
        .doesNotContain("2468");
  }

  @Test
  void makeTestCardWithSignatureThenInspectJsonShowsBothKeys() throws Exception {
    Path card = directory.resolve("card.p12");
    assertThat(
            cli.run("make-test-card", "--out", card.toString(), "--with-signature-cert", "--json"))
        .isZero();
    JsonNode made = CliHarness.JSON.readTree(cli.out());
    assertThat(made.get("test_card").booleanValue()).isTrue();
    assertThat(made.get("pin").stringValue()).matches("[0-9]{4}");
    assertThat(made.get("password").stringValue()).matches("[A-Z0-9]{8}");
    cli.reset();
    assertThat(cli.run("inspect", "--simulated", card.toString(), "--json")).isZero();
    JsonNode inspected = CliHarness.JSON.readTree(cli.out());
    assertThat(inspected.get("test_card").booleanValue()).isTrue();
    assertThat(inspected.get("token_label").stringValue()).isEqualTo("JPKIAPICCTOKEN2 TEST");
    assertThat(inspected.at("/authentication/tries_left").intValue()).isEqualTo(3);
    assertThat(inspected.at("/authentication/certificate/issuer").stringValue())
        .contains("JPKI-TEST");
    assertThat(inspected.at("/signature/present").booleanValue()).isTrue();
    assertThat(inspected.at("/signature/tries_left").intValue()).isEqualTo(5);
  }

  @Test
  void makeTestCardWithFactsThenTheSignatureCertificateCarriesThem() throws Exception {
    Path card = directory.resolve("card.p12");
    int exit =
        cli.run(
            "make-test-card",
            "--out",
            card.toString(),
            "--with-signature-cert",
            "--name",
            "試験　花子",
            "--birth",
            "2001-02-03",
            "--address",
            "石川県七尾市",
            "--gender",
            "2",
            "--password",
            "HANAKO2001");
    assertThat(exit).isZero();
    CardContents contents = TestCardFile.read(card);
    String der = new String(contents.signatureCertificate().getEncoded(), StandardCharsets.UTF_8);
    assertThat(der).contains("試験　花子").contains("420010203").contains("石川県七尾市");
    assertThat(contents.password()).isEqualTo("HANAKO2001");
  }

  @Test
  void makeTestCardWhenFileExistsThenRefusedUnlessForced() throws Exception {
    Path card = directory.resolve("card.p12");
    Files.writeString(card, "keep");
    assertThat(cli.run("make-test-card", "--out", card.toString())).isEqualTo(2);
    assertThat(Files.readString(card)).isEqualTo("keep");
    assertThat(cli.run("make-test-card", "--out", card.toString(), "--force")).isZero();
    assertThat(TestCardFile.read(card).hasSignature()).isFalse();
  }

  @Test
  void makeTestCardWhenFactWithoutSignatureCertificateThenUsage() {
    assertThat(
            cli.run(
                "make-test-card", "--out", directory.resolve("c.p12").toString(), "--name", "x"))
        .isEqualTo(2);
    assertThat(cli.err()).contains("--name needs --with-signature-cert");
  }

  @Test
  void makeTestCardWhenPinOrPasswordMalformedThenUsage() {
    String out = directory.resolve("c.p12").toString();
    assertThat(cli.run("make-test-card", "--out", out, "--pin", "12345")).isEqualTo(2);
    assertThat(
            cli.run("make-test-card", "--out", out, "--with-signature-cert", "--password", "short"))
        .isEqualTo(2);
    assertThat(cli.run("make-test-card", "--out", out, "--with-signature-cert", "--birth", "1980"))
        .isEqualTo(2);
    assertThat(Files.exists(Path.of(out))).isFalse();
  }

  @Test
  void makeTestCaThenCardsIssuedWithItChainToItsRoots() throws Exception {
    Path ca = directory.resolve("ca.p12");
    assertThat(cli.run("make-test-ca", "--out", ca.toString())).isZero();
    assertThat(cli.out()).contains("TEST CA").contains("SHA-256");
    Path card = directory.resolve("card.p12");
    assertThat(
            cli.run(
                "make-test-card",
                "--out",
                card.toString(),
                "--ca",
                ca.toString(),
                "--with-signature-cert"))
        .isZero();
    TestCaFile.Roots roots = TestCaFile.read(ca);
    CardContents contents = TestCardFile.read(card);
    contents.authenticationCertificate().verify(roots.authentication().keyPair().getPublic());
    contents.signatureCertificate().verify(roots.signature().keyPair().getPublic());
    assertThat(cli.run("make-test-ca", "--out", ca.toString())).isEqualTo(2);
  }
}
