package jp.ishikawa.id.cardclient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.ishikawa.id.cardclient.simulator.TestCardFile;
import jp.ishikawa.id.cardclient.simulator.TriesLeft;
import jp.ishikawa.id.cardclient.testing.Cards;
import jp.ishikawa.id.cardclient.testing.FakeIdp;
import jp.ishikawa.id.verifier.model.Purpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code login} and {@code identity} against the in-test IdP, with a simulated card file. */
class LoginCommandTests {

  @TempDir Path directory;

  private final CliHarness cli = new CliHarness();

  @Test
  void loginWhenSimulatedCardAndPinFromStdinThenCompletedJson() throws Exception {
    Path card = writeCard();
    try (FakeIdp idp = new FakeIdp()) {
      cli.stdin = "1234\n";
      int exit =
          cli.run(
              "login",
              idp.transactionUrl().toString(),
              "--simulated",
              card.toString(),
              "--code",
              FakeIdp.CODE,
              "--pin-stdin",
              "--json");
      assertThat(idp.failures()).isEmpty();
      assertThat(exit).isZero();
      JsonNode result = CliHarness.JSON.readTree(cli.out());
      assertThat(result.get("result").stringValue()).isEqualTo("completed");
      assertThat(result.get("origin").stringValue()).isEqualTo(idp.origin());
      assertThat(result.get("service_name").stringValue()).isEqualTo(FakeIdp.SERVICE);
      assertThat(cli.err()).contains("PIN tries left: 3").contains(idp.origin());
      assertThat(cli.out() + cli.err()).doesNotContain("1234");
    }
  }

  @Test
  void loginWhenWrongPinThenExitOneWithTriesLeftAndTheCounterPersisted() throws Exception {
    Path card = writeCard();
    try (FakeIdp idp = new FakeIdp()) {
      cli.stdin = "9999\n";
      int exit =
          cli.run(
              "login",
              idp.transactionUrl().toString(),
              "--simulated",
              card.toString(),
              "--code",
              FakeIdp.CODE,
              "--pin-stdin",
              "--json");
      assertThat(exit).isEqualTo(1);
      JsonNode result = CliHarness.JSON.readTree(cli.out());
      assertThat(result.get("error").stringValue()).isEqualTo("wrong_pin");
      assertThat(result.get("tries_left").intValue()).isEqualTo(2);
      assertThat(TestCardFile.readState(card)).isEqualTo(new TriesLeft(2, 5));
      assertThat(cli.out() + cli.err()).doesNotContain("9999");
      assertThat(idp.posts()).isEmpty();
    }
  }

  @Test
  void loginWhenOneTryLeftThenRefusedUnlessConfirmed() throws Exception {
    Path card = writeCard();
    TestCardFile.writeState(card, new TriesLeft(1, 5));
    try (FakeIdp idp = new FakeIdp()) {
      cli.stdin = "1234\n";
      String[] args = {
        "login",
        idp.transactionUrl().toString(),
        "--simulated",
        card.toString(),
        "--code",
        FakeIdp.CODE,
        "--pin-stdin"
      };
      assertThat(cli.run(args)).isEqualTo(1);
      assertThat(cli.err()).contains("last_try_not_confirmed");
      assertThat(TestCardFile.readState(card).authentication()).isEqualTo(1);
      cli.reset();
      cli.stdin = "1234\n";
      String[] confirmed = java.util.Arrays.copyOf(args, args.length + 1);
      confirmed[args.length] = "--confirm-last-try";
      assertThat(cli.run(confirmed)).isZero();
      assertThat(cli.out()).contains("Logged in");
      assertThat(TestCardFile.readState(card).authentication()).isEqualTo(3);
    }
  }

  @Test
  void identityWhenPasswordFromStdinThenCompleted() throws Exception {
    Path card = writeCard();
    try (FakeIdp idp = new FakeIdp()) {
      idp.purpose(Purpose.IDENTITY);
      cli.stdin = "TESTCARD1\r\n";
      int exit =
          cli.run(
              "identity",
              idp.transactionUrl().toString(),
              "--simulated",
              card.toString(),
              "--code",
              FakeIdp.CODE,
              "--pin-stdin");
      assertThat(idp.failures()).isEmpty();
      assertThat(exit).isZero();
      assertThat(cli.out())
          .contains("Your identity was sent")
          .contains("Signature password tries left: 5");
      assertThat(idp.verifiedCertificate()).isEqualTo(Cards.full().signatureCertificate());
    }
  }

  @Test
  void loginWhenInteractiveThenCodeAskedThenTriesShownThenPinReadWithoutEcho() throws Exception {
    Path card = writeCard();
    List<String> prompts = new ArrayList<>();
    cli.prompter =
        new Prompter() {
          @Override
          public String readLine(String prompt) {
            prompts.add("line: " + prompt);
            return FakeIdp.CODE;
          }

          @Override
          public char[] readSecret(String prompt) {
            prompts.add("secret after: " + cli.out().contains("PIN tries left: 3"));
            return "1234".toCharArray();
          }
        };
    try (FakeIdp idp = new FakeIdp()) {
      assertThat(cli.run("login", idp.transactionUrl().toString(), "--simulated", card.toString()))
          .isZero();
      assertThat(prompts).hasSize(2);
      assertThat(prompts.get(0)).contains("Confirmation code");
      assertThat(prompts.get(1)).isEqualTo("secret after: true");
      assertThat(cli.out())
          .contains("Service: " + FakeIdp.SERVICE)
          .contains("IdP: " + idp.origin());
    }
  }

  @Test
  void loginWhenNoTerminalAndNoCodeThenUsage() {
    assertThat(cli.run("login", "https://id.example/jpki/transactions/a", "--pin-stdin"))
        .isEqualTo(2);
    assertThat(cli.err()).contains("--code");
  }

  @Test
  void loginWhenNoTerminalAndNoPinStdinThenUsage() {
    assertThat(cli.run("login", "https://id.example/jpki/transactions/a", "--code", "42"))
        .isEqualTo(2);
    assertThat(cli.err()).contains("--pin-stdin");
  }

  @Test
  void loginWhenReaderAndSimulatedBothGivenThenUsage() {
    assertThat(
            cli.run(
                "login",
                "https://id.example/jpki/transactions/a",
                "--reader",
                "r",
                "--simulated",
                "c.p12",
                "--code",
                "42",
                "--pin-stdin"))
        .isEqualTo(2);
  }

  @Test
  void loginWhenInsecureUrlThenExitOneWithTheReason() {
    int exit =
        cli.run(
            "login",
            "http://id.example/jpki/transactions/a",
            "--simulated",
            "c.p12",
            "--code",
            "42",
            "--pin-stdin",
            "--json");
    assertThat(exit).isEqualTo(1);
    assertThat(cli.out()).contains("\"error\":\"insecure_url\"");
  }

  @Test
  void loginWhenNoPcscThenExitOneNoReader() {
    int exit =
        cli.run("login", "https://id.example/jpki/transactions/a", "--code", "42", "--pin-stdin");
    assertThat(exit).isEqualTo(1);
    assertThat(cli.err()).contains("no_reader").contains("pcscd");
  }

  private Path writeCard() throws Exception {
    Path card = directory.resolve("card.p12");
    TestCardFile.write(card, Cards.full());
    return card;
  }
}
