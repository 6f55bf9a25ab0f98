package jp.ishikawa.id.cardclient.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.cardclient.card.KeyRole;
import jp.ishikawa.id.cardclient.card.PinStatus;
import jp.ishikawa.id.cardclient.simulator.SimulatedCard;
import jp.ishikawa.id.cardclient.simulator.TriesLeft;
import jp.ishikawa.id.cardclient.testing.Cards;
import jp.ishikawa.id.cardclient.testing.FakeIdp;
import jp.ishikawa.id.cardclient.testing.RecordingChannel;
import jp.ishikawa.id.verifier.model.Purpose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The protocol client against an in-test IdP that rebuilds the signed message byte for byte. */
class TransactionClientTests {

  private static final char[] PIN = "1234".toCharArray();
  private static final char[] PASSWORD = "TESTCARD1".toCharArray();

  private final FakeIdp idp = startIdp();
  private final SimulatedCard simulated = SimulatedCard.of(Cards.full());
  private final RecordingChannel card = new RecordingChannel(simulated);
  private final TransactionClient client = new TransactionClient(HttpClient.newHttpClient());

  @AfterEach
  void stop() {
    idp.close();
  }

  @Test
  void runWhenLoginThenServerVerifiesTheExactMessageAndCompletes() {
    TransactionOutcome outcome =
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN);
    assertThat(idp.failures()).isEmpty();
    assertThat(outcome)
        .isEqualTo(
            new TransactionOutcome.Completed(
                FakeIdp.TXN, Purpose.LOGIN, FakeIdp.SERVICE, idp.origin()));
    assertThat(idp.verifiedMessage()).isEqualTo(idp.expectedMessage()).doesNotEndWith("\n");
    assertThat(idp.verifiedCertificate()).isEqualTo(Cards.full().authenticationCertificate());
    assertThat(idp.gets()).containsExactly("application/json");
  }

  @Test
  void runWhenLoginThenThePinGoesOnlyToTheCard() {
    client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN);
    assertThat(idp.posts()).hasSize(1);
    assertThat(idp.posts().get(0).propertyNames())
        .containsExactlyInAnyOrder("certificate", "signature", "confirmation_code");
    assertThat(card.sentHex()).contains("002000800431323334");
  }

  @Test
  void runWhenCallerPassesPinThenCallersArrayUntouched() {
    char[] pin = PIN.clone();
    client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, pin);
    assertThat(pin).containsExactly('1', '2', '3', '4');
  }

  @Test
  void runWhenIdentityThenSignedWithTheSignatureKeyAfterThePassword() {
    idp.purpose(Purpose.IDENTITY);
    TransactionOutcome outcome =
        client.run(idp.transactionUrl(), Purpose.IDENTITY, card, FakeIdp.CODE, PASSWORD);
    assertThat(idp.failures()).isEmpty();
    assertThat(outcome.success()).isTrue();
    assertThat(idp.verifiedMessage()).contains("\npurpose=identity\n");
    assertThat(idp.verifiedCertificate()).isEqualTo(Cards.full().signatureCertificate());
    int verify = card.sentHex().indexOf("002000800954455354434152443" + "1");
    int readSignatureCertificate = card.sentHex().lastIndexOf("00a4020c020001");
    assertThat(verify).isNotNegative().isLessThan(readSignatureCertificate);
  }

  @Test
  void runWhenServerNamesAnotherOriginThenTheClientSignsTheOriginItConnectedTo() {
    idp.transactionBody(idp.correctTransaction(Map.of("origin", "https://evil.example")));
    TransactionOutcome outcome =
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN);
    assertThat(outcome.success()).isTrue();
    assertThat(idp.verifiedMessage()).contains("origin=" + idp.origin() + "\n");
  }

  @Test
  void runWhenPurposeDiffersFromTheCommandThenStoppedBeforeThePin() {
    idp.purpose(Purpose.IDENTITY);
    TransactionOutcome outcome =
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN);
    assertFailed(outcome, "purpose_mismatch");
    assertThat(card.sent()).isEmpty();
    assertThat(idp.posts()).isEmpty();
  }

  @Test
  void runWhenTxnDiffersFromTheUrlThenStoppedBeforeThePin() {
    idp.transactionBody(idp.correctTransaction(Map.of()).replace("\"abc123\"", "\"other\""));
    TransactionOutcome outcome =
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN);
    assertFailed(outcome, "txn_mismatch");
    assertThat(card.sent()).isEmpty();
  }

  @Test
  void runWhenServerRedirectsThenOriginMismatch() {
    try (FakeIdp elsewhere = startIdp()) {
      idp.redirectTo(elsewhere.transactionUrl().toString());
      TransactionOutcome outcome =
          client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN);
      assertFailed(outcome, "origin_mismatch");
      assertThat(elsewhere.gets()).isEmpty();
    }
    assertThat(card.sent()).isEmpty();
  }

  @Test
  void runWhenHttpClientFollowsRedirectsThenOriginMismatch() {
    try (FakeIdp elsewhere = startIdp()) {
      idp.redirectTo(elsewhere.transactionUrl().toString());
      TransactionClient following =
          new TransactionClient(
              HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build());
      TransactionOutcome outcome =
          following.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN);
      assertFailed(outcome, "origin_mismatch");
      assertThat(elsewhere.posts()).isEmpty();
    }
    assertThat(card.sent()).isEmpty();
  }

  @Test
  void runWhenHttpToAnotherHostThenInsecureUrlWithoutConnecting() {
    TransactionOutcome outcome =
        client.run(
            URI.create("http://id.example/jpki/transactions/abc123"),
            Purpose.LOGIN,
            card,
            FakeIdp.CODE,
            PIN);
    assertFailed(outcome, "insecure_url");
    assertThat(card.sent()).isEmpty();
  }

  @Test
  void runWhenAppLinkThenSameTransaction() {
    String link =
        "ishikawa-id://jpki?url="
            + java.net.URLEncoder.encode(
                idp.transactionUrl().toString(), java.nio.charset.StandardCharsets.UTF_8);
    TransactionOutcome outcome =
        client.run(link, Purpose.LOGIN, card, ResidentDialogue.scripted(FakeIdp.CODE, PIN, false));
    assertThat(outcome.success()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "expired",
        "consumed",
        "bad_signature",
        "untrusted_issuer",
        "revoked",
        "wrong_purpose",
        "wrong_code",
        "not_found",
        "certificate_expired"
      })
  void runWhenServerRejectsThenItsCodeWithTheResidentSentence(String code) {
    idp.responseAnswer(400, "{\"error\":\"" + code + "\",\"error_description\":\"detail\"}");
    TransactionOutcome outcome =
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN);
    TransactionOutcome.Failed failed = assertFailed(outcome, code);
    assertThat(failed.message()).isEqualTo(ServerErrors.residentMessage(code));
    assertThat(failed.detail()).contains("HTTP 400").contains("detail");
  }

  @Test
  void runWhenServerSaysExpiredThenTheAgreedSentence() {
    idp.responseAnswer(410, "{\"error\":\"expired\"}");
    TransactionOutcome outcome =
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN);
    assertThat(assertFailed(outcome, "expired").message())
        .startsWith("この手続きは期限切れです。パソコンの画面でやり直してください。")
        .endsWith("This login has expired. Start again on the screen.");
  }

  @Test
  void runWhenServerSendsAnUnknownCodeThenGeneralSentenceNamingIt() {
    idp.responseAnswer(400, "{\"error\":\"quota_exceeded\"}");
    TransactionOutcome outcome =
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN);
    assertThat(assertFailed(outcome, "quota_exceeded").message()).contains("quota_exceeded");
  }

  @Test
  void runWhenServerErrorIsNotJsonThenServerError() {
    idp.responseAnswer(502, "<html>bad gateway</html>");
    TransactionOutcome outcome =
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN);
    assertThat(assertFailed(outcome, "server_error").detail()).isEqualTo("HTTP 502");
  }

  @Test
  void runWhenResponseAcceptedWith200InsteadOf204ThenBadResponse() {
    idp.responseAnswer(200, "{}");
    assertFailed(
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN), "bad_response");
  }

  @Test
  void runWhenTransactionNotFoundThenNotFoundBeforeThePin() {
    idp.transactionAnswer(404, "application/json", "{\"error\":\"not_found\"}");
    assertFailed(
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN), "not_found");
    assertThat(card.sent()).isEmpty();
  }

  @Test
  void runWhenTransactionUrlAnswersAWebPageThenBadResponse() {
    idp.transactionAnswer(200, "text/html", "<html>scan me with the app</html>");
    assertFailed(
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN), "bad_response");
  }

  @Test
  void runWhenTransactionIsTooLargeThenBadResponse() {
    idp.transactionBody(
        idp.correctTransaction(Map.of("padding", "x".repeat(TransactionClient.MAX_BODY))));
    assertFailed(
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN), "bad_response");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"AAAAAAAAAAAAAAAAAAAAAA==", "AAAA", "not base64!", "AAAAAAAAAAAAAAAAAAAAAAA+"})
  void runWhenChallengeMalformedThenBadResponse(String challenge) {
    idp.transactionBody(idp.correctTransaction(Map.of()).replace(idp.challengeBase64(), challenge));
    assertFailed(
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN), "bad_response");
    assertThat(card.sent()).isEmpty();
  }

  @Test
  void runWhenExpiryIsNotRfc3339ThenBadResponse() {
    idp.transactionBody(
        idp.correctTransaction(Map.of()).replace("2030-01-01T00:05:00Z", "tomorrow"));
    assertFailed(
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN), "bad_response");
  }

  @Test
  void runWhenServiceNameHasControlCharactersThenTheyAreNotShown() {
    idp.transactionBody(
        idp.correctTransaction(Map.of()).replace(FakeIdp.SERVICE, "evil\\u202e\\u001b[2Jportal"));
    TransactionOutcome outcome =
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN);
    assertThat(((TransactionOutcome.Completed) outcome).serviceName()).isEqualTo("evil[2Jportal");
  }

  @Test
  void runWhenWrongPinThenWrongPinWithTwoTriesLeftAndNothingPosted() {
    TransactionOutcome outcome =
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, "9999".toCharArray());
    TransactionOutcome.Failed failed = assertFailed(outcome, "wrong_pin");
    assertThat(failed.triesLeft()).hasValue(2);
    assertThat(idp.posts()).isEmpty();
  }

  @Test
  void runWhenPinMalformedThenNothingSentToTheCard() {
    TransactionOutcome outcome =
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, "12345".toCharArray());
    assertFailed(outcome, "invalid_pin_form");
    assertThat(card.verifiesWithData()).isZero();
  }

  @Test
  void runWhenPasswordLowerCaseThenRefusedBeforeSending() {
    idp.purpose(Purpose.IDENTITY);
    TransactionOutcome outcome =
        client.run(
            idp.transactionUrl(), Purpose.IDENTITY, card, FakeIdp.CODE, "testcard1".toCharArray());
    assertFailed(outcome, "invalid_pin_form");
    assertThat(card.verifiesWithData()).isZero();
  }

  @Test
  void runWhenOneTryLeftAndNotConfirmedThenRefusedWithoutSendingThePin() {
    RecordingChannel lastTry =
        new RecordingChannel(SimulatedCard.of(Cards.full(), new TriesLeft(1, 5), t -> {}));
    TransactionOutcome outcome =
        client.run(idp.transactionUrl(), Purpose.LOGIN, lastTry, FakeIdp.CODE, PIN);
    assertThat(assertFailed(outcome, "last_try_not_confirmed").triesLeft()).hasValue(1);
    assertThat(lastTry.verifiesWithData()).isZero();
  }

  @Test
  void runWhenOneTryLeftAndConfirmedThenCompleted() {
    SimulatedCard lastTry = SimulatedCard.of(Cards.full(), new TriesLeft(1, 5), t -> {});
    TransactionOutcome outcome =
        client.run(
            idp.transactionUrl().toString(),
            Purpose.LOGIN,
            lastTry,
            ResidentDialogue.scripted(FakeIdp.CODE, PIN, true));
    assertThat(outcome.success()).isTrue();
    assertThat(lastTry.triesLeft().authentication()).isEqualTo(3);
  }

  @Test
  void runWhenPinLockedThenLockedWithoutAskingThePin() {
    List<String> asked = new ArrayList<>();
    SimulatedCard locked = SimulatedCard.of(Cards.full(), new TriesLeft(0, 5), t -> {});
    TransactionOutcome outcome =
        client.run(idp.transactionUrl().toString(), Purpose.LOGIN, locked, recording(asked));
    assertThat(assertFailed(outcome, "pin_blocked").message())
        .contains("the municipal office can reset it");
    assertThat(asked).doesNotContain("pin");
  }

  @Test
  void runWhenCodeIsNotTwoDigitsThenInvalidCodeAndCardUntouched() {
    assertFailed(client.run(idp.transactionUrl(), Purpose.LOGIN, card, "4", PIN), "invalid_code");
    assertThat(card.sent()).isEmpty();
  }

  @Test
  void runWhenIdentityOnACardWithoutSignatureCertificateThenNoSignatureCertificate() {
    idp.purpose(Purpose.IDENTITY);
    RecordingChannel faceCard = new RecordingChannel(SimulatedCard.of(Cards.authenticationOnly()));
    TransactionOutcome outcome =
        client.run(idp.transactionUrl(), Purpose.IDENTITY, faceCard, FakeIdp.CODE, PASSWORD);
    assertFailed(outcome, "no_signature_certificate");
    assertThat(faceCard.verifiesWithData()).isZero();
  }

  @Test
  void runWhenCardRemovedThenCardRemoved() {
    simulated.remove();
    assertFailed(
        client.run(idp.transactionUrl(), Purpose.LOGIN, card, FakeIdp.CODE, PIN), "card_removed");
  }

  @Test
  void runWhenServerUnreachableThenNetwork() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    TransactionOutcome outcome =
        client.run(
            URI.create("http://127.0.0.1:" + port + "/jpki/transactions/abc123"),
            Purpose.LOGIN,
            card,
            FakeIdp.CODE,
            PIN);
    TransactionOutcome.Failed failed = assertFailed(outcome, "network");
    assertThat(failed.detail())
        .contains("http://127.0.0.1:" + port + "/jpki/transactions/abc123")
        .doesNotContain("null");
  }

  @Test
  void runWhenDialogueFollowedThenServiceAndOriginFirstAndTriesLeftBeforeThePin() {
    List<String> asked = new ArrayList<>();
    TransactionOutcome outcome =
        client.run(idp.transactionUrl().toString(), Purpose.LOGIN, card, recording(asked));
    assertThat(outcome.success()).isTrue();
    assertThat(asked)
        .containsExactly("show " + FakeIdp.SERVICE + " " + idp.origin(), "code", "tries 3", "pin");
  }

  private ResidentDialogue recording(List<String> asked) {
    return new ResidentDialogue() {
      @Override
      public void showTransaction(Transaction transaction, String origin) {
        asked.add("show " + transaction.serviceName() + " " + origin);
      }

      @Override
      public String confirmationCode() {
        asked.add("code");
        return FakeIdp.CODE;
      }

      @Override
      public void showPinStatus(PinStatus status) {
        asked.add("tries " + status.triesLeft());
      }

      @Override
      public boolean confirmLastTry(KeyRole role) {
        asked.add("confirm");
        return false;
      }

      @Override
      public char[] pinOrPassword(KeyRole role) {
        asked.add("pin");
        return PIN.clone();
      }
    };
  }

  private static TransactionOutcome.Failed assertFailed(TransactionOutcome outcome, String code) {
    assertThat(outcome).isInstanceOf(TransactionOutcome.Failed.class);
    TransactionOutcome.Failed failed = (TransactionOutcome.Failed) outcome;
    assertThat(failed.code()).isEqualTo(code);
    assertThat(failed.message()).contains(" / ");
    return failed;
  }

  private static FakeIdp startIdp() {
    try {
      return new FakeIdp();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
