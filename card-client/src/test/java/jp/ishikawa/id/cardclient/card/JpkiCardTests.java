package jp.ishikawa.id.cardclient.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.security.Signature;
import java.util.HexFormat;
import jp.ishikawa.id.cardclient.apdu.ApduChannel;
import jp.ishikawa.id.cardclient.apdu.ResponseApdu;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.SimulatedCard;
import jp.ishikawa.id.cardclient.testing.Cards;
import jp.ishikawa.id.cardclient.testing.RecordingChannel;
import org.junit.jupiter.api.Test;

/** Every APDU path of {@link JpkiCard} against the simulated card. */
class JpkiCardTests {

  private static final char[] PIN = "1234".toCharArray();
  private static final char[] PASSWORD = "TESTCARD1".toCharArray();

  private final SimulatedCard simulated = SimulatedCard.of(Cards.full());
  private final RecordingChannel channel = new RecordingChannel(simulated);

  @Test
  void selectWhenJpkiCardThenSendsTheSelectApApdu() throws Exception {
    JpkiCard.select(channel);
    assertThat(channel.sentHex()).containsExactly("00a4040c0ad392f000260100000001");
  }

  @Test
  void selectWhenNoJpkiApplicationThenNotJpkiCard() {
    ApduChannel otherCard = command -> ResponseApdu.status(0x6a82);
    CardAccessException failure =
        catchThrowableOfType(CardAccessException.class, () -> JpkiCard.select(otherCard));
    assertThat(failure.error()).isEqualTo(CardError.NOT_JPKI_CARD);
    assertThat(failure.residentMessage()).contains("マイナンバーカード").contains("My Number card");
  }

  @Test
  void certificateWhenAuthenticationThenTheCardsDerReadInChunks() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    byte[] der = card.certificate(KeyRole.AUTHENTICATION);
    assertThat(der).isEqualTo(Cards.full().authenticationCertificate().getEncoded());
    // SELECT AP, SELECT EF, the 4-byte header, then chunks of at most 255 bytes.
    assertThat(channel.sentHex().get(1)).isEqualTo("00a4020c02000a");
    assertThat(channel.sentHex().get(2)).isEqualTo("00b0000004");
    assertThat(channel.sentHex().get(3)).isEqualTo("00b00004ff");
    assertThat(channel.count(0xb0)).isEqualTo(1 + (der.length - 4 + 254) / 255);
  }

  @Test
  void caCertificateWhenAuthenticationThenTheCaOnTheCard() throws Exception {
    byte[] der = JpkiCard.select(channel).caCertificate(KeyRole.AUTHENTICATION);
    assertThat(der).isEqualTo(Cards.full().authenticationCa().getEncoded());
  }

  @Test
  void certificateWhenSignatureBeforePasswordThenSecurityStatusNotSatisfied() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    CardAccessException failure =
        catchThrowableOfType(CardAccessException.class, () -> card.certificate(KeyRole.SIGNATURE));
    assertThat(failure.error()).isEqualTo(CardError.SECURITY_STATUS_NOT_SATISFIED);
    assertThat(failure.statusWord()).hasValue(0x6982);
  }

  @Test
  void certificateWhenSignatureAfterPasswordThenTheCardsDer() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    card.verify(KeyRole.SIGNATURE, PASSWORD, false);
    assertThat(card.certificate(KeyRole.SIGNATURE))
        .isEqualTo(Cards.full().signatureCertificate().getEncoded());
    assertThat(card.caCertificate(KeyRole.SIGNATURE))
        .isEqualTo(Cards.full().signatureCa().getEncoded());
  }

  @Test
  void pinStatusWhenNewCardThenThreeAndFiveTriesWithoutCostingOne() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    assertThat(card.pinStatus(KeyRole.AUTHENTICATION).triesLeft()).isEqualTo(3);
    assertThat(card.pinStatus(KeyRole.SIGNATURE).triesLeft()).isEqualTo(5);
    assertThat(channel.sentHex()).contains("00a4020c020018", "00200080", "00a4020c02001b");
    assertThat(channel.verifiesWithData()).isZero();
    assertThat(simulated.triesLeft().authentication()).isEqualTo(3);
  }

  @Test
  void verifyWhenCorrectPinThenSendsItOnceAndKeepsThreeTries() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    card.verify(KeyRole.AUTHENTICATION, PIN, false);
    assertThat(channel.sentHex()).contains("002000800431323334");
    assertThat(channel.verifiesWithData()).isOne();
    assertThat(card.pinStatus(KeyRole.AUTHENTICATION).verified()).isTrue();
    assertThat(simulated.triesLeft().authentication()).isEqualTo(3);
  }

  @Test
  void verifyWhenWrongPinThenTwoLeft() throws Exception {
    CardAccessException failure = wrongPin(JpkiCard.select(channel));
    assertThat(failure.error()).isEqualTo(CardError.WRONG_PIN);
    assertThat(failure.triesLeft()).hasValue(2);
    assertThat(failure.residentMessage()).contains("残り2回").contains("2 tries left");
  }

  @Test
  void verifyWhenSecondWrongPinThenOneLeft() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    wrongPin(card);
    CardAccessException failure = wrongPin(card);
    assertThat(failure.error()).isEqualTo(CardError.WRONG_PIN);
    assertThat(failure.triesLeft()).hasValue(1);
    assertThat(failure.residentMessage()).contains("残り1回").contains("1 try left");
  }

  @Test
  void verifyWhenOneTryLeftAndNotConfirmedThenNothingSent() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    wrongPin(card);
    wrongPin(card);
    CardAccessException failure =
        catchThrowableOfType(
            CardAccessException.class, () -> card.verify(KeyRole.AUTHENTICATION, PIN, false));
    assertThat(failure.error()).isEqualTo(CardError.LAST_TRY_NOT_CONFIRMED);
    assertThat(channel.verifiesWithData()).isEqualTo(2);
    assertThat(simulated.triesLeft().authentication()).isEqualTo(1);
  }

  @Test
  void verifyWhenLastTryConfirmedAndCorrectThenTriesReset() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    wrongPin(card);
    wrongPin(card);
    card.verify(KeyRole.AUTHENTICATION, PIN, true);
    assertThat(simulated.triesLeft().authentication()).isEqualTo(3);
  }

  @Test
  void verifyWhenThirdWrongPinThenLocked() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    wrongPin(card);
    wrongPin(card);
    CardAccessException failure =
        catchThrowableOfType(
            CardAccessException.class,
            () -> card.verify(KeyRole.AUTHENTICATION, "0000".toCharArray(), true));
    assertThat(failure.error()).isEqualTo(CardError.PIN_BLOCKED);
    assertThat(failure.residentMessage()).contains("municipal office can reset it");
    assertThat(card.pinStatus(KeyRole.AUTHENTICATION).blocked()).isTrue();
  }

  @Test
  void verifyWhenLockedThenCorrectPinNotSentAndStillLocked() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    wrongPin(card);
    wrongPin(card);
    catchThrowableOfType(
        CardAccessException.class,
        () -> card.verify(KeyRole.AUTHENTICATION, "0000".toCharArray(), true));
    CardAccessException failure =
        catchThrowableOfType(
            CardAccessException.class, () -> card.verify(KeyRole.AUTHENTICATION, PIN, true));
    assertThat(failure.error()).isEqualTo(CardError.PIN_BLOCKED);
    assertThat(channel.verifiesWithData()).isEqualTo(3);
  }

  @Test
  void pinStatusWhenCardAnswers6984ThenBlocked() throws Exception {
    ApduChannel locked = command -> ResponseApdu.status(command.ins() == 0x20 ? 0x6984 : 0x9000);
    assertThat(JpkiCard.select(locked).pinStatus(KeyRole.AUTHENTICATION).blocked()).isTrue();
  }

  @Test
  void verifyWhenCardAnswers6983ThenBlocked() throws Exception {
    ApduChannel card =
        command ->
            ResponseApdu.status(
                command.ins() != 0x20 ? 0x9000 : command.hasData() ? 0x6983 : 0x63c3);
    CardAccessException failure =
        catchThrowableOfType(
            CardAccessException.class,
            () -> JpkiCard.select(card).verify(KeyRole.AUTHENTICATION, PIN, false));
    assertThat(failure.error()).isEqualTo(CardError.PIN_BLOCKED);
  }

  @Test
  void verifyWhenWrongPasswordFiveTimesThenFourToZeroThenLocked() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    for (int left = 4; left >= 1; left--) {
      CardAccessException failure =
          catchThrowableOfType(
              CardAccessException.class,
              () -> card.verify(KeyRole.SIGNATURE, "WRONG1".toCharArray(), true));
      assertThat(failure.error()).isEqualTo(CardError.WRONG_PIN);
      assertThat(failure.triesLeft()).hasValue(left);
    }
    CardAccessException last =
        catchThrowableOfType(
            CardAccessException.class,
            () -> card.verify(KeyRole.SIGNATURE, "WRONG1".toCharArray(), true));
    assertThat(last.error()).isEqualTo(CardError.PIN_BLOCKED);
    assertThat(simulated.triesLeft().signature()).isZero();
  }

  @Test
  void verifyWhenPinNotFourDigitsThenNothingSent() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    for (String bad : new String[] {"123", "12345", "12a4", ""}) {
      CardAccessException failure =
          catchThrowableOfType(
              CardAccessException.class,
              () -> card.verify(KeyRole.AUTHENTICATION, bad.toCharArray(), true));
      assertThat(failure.error()).isEqualTo(CardError.INVALID_PIN_FORM);
    }
    assertThat(channel.count(0x20)).isZero();
  }

  @Test
  void verifyWhenPasswordBreaksTheRulesThenNothingSent() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    for (String bad : new String[] {"ABC12", "A234567890123456X", "testcard1", "TEST-CARD"}) {
      CardAccessException failure =
          catchThrowableOfType(
              CardAccessException.class,
              () -> card.verify(KeyRole.SIGNATURE, bad.toCharArray(), true));
      assertThat(failure.error()).isEqualTo(CardError.INVALID_PIN_FORM);
      assertThat(failure.residentMessage()).contains("6-16 upper-case letters and digits");
    }
    assertThat(channel.count(0x20)).isZero();
  }

  @Test
  void signWhenVerifiedThenSha256WithRsaSignatureOfTheCertificateKey() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    card.verify(KeyRole.AUTHENTICATION, PIN, false);
    byte[] message = "ishikawa-id-jpki-v1\ncode=12".getBytes();
    byte[] signature = card.signSha256(KeyRole.AUTHENTICATION, message);
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(Cards.full().authenticationCertificate());
    verifier.update(message);
    assertThat(verifier.verify(signature)).isTrue();
    String digestInfo = HexFormat.of().formatHex(JpkiCard.sha256DigestInfo(message));
    assertThat(channel.sentHex()).contains("00a4020c020017", "802a008033" + digestInfo + "00");
  }

  @Test
  void signWhenSignatureKeyVerifiedThenSignedBySignatureKey() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    card.verify(KeyRole.SIGNATURE, PASSWORD, false);
    byte[] signature = card.signSha256(KeyRole.SIGNATURE, new byte[] {1, 2, 3});
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(Cards.full().signatureCertificate());
    verifier.update(new byte[] {1, 2, 3});
    assertThat(verifier.verify(signature)).isTrue();
    assertThat(channel.sentHex()).contains("00a4020c02001a");
  }

  @Test
  void signWhenNotVerifiedThenSecurityStatusNotSatisfied() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    CardAccessException failure =
        catchThrowableOfType(
            CardAccessException.class,
            () -> card.signSha256(KeyRole.AUTHENTICATION, new byte[] {1}));
    assertThat(failure.error()).isEqualTo(CardError.SECURITY_STATUS_NOT_SATISFIED);
    assertThat(failure.statusWord()).hasValue(0x6982);
  }

  @Test
  void signWhenOtherKeyVerifiedThenSecurityStatusNotSatisfied() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    card.verify(KeyRole.AUTHENTICATION, PIN, false);
    CardAccessException failure =
        catchThrowableOfType(
            CardAccessException.class, () -> card.signSha256(KeyRole.SIGNATURE, new byte[] {1}));
    assertThat(failure.error()).isEqualTo(CardError.SECURITY_STATUS_NOT_SATISFIED);
  }

  @Test
  void signWhenDigestInfoTooLongThenRejectedBeforeSending() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> card.sign(KeyRole.AUTHENTICATION, new byte[246]));
    assertThat(channel.count(0x2a)).isZero();
  }

  @Test
  void signWhenCardAnswersWrongLengthThenWrongLength() throws Exception {
    ApduChannel card = command -> ResponseApdu.status(command.ins() == 0x2a ? 0x6700 : 0x9000);
    CardAccessException failure =
        catchThrowableOfType(
            CardAccessException.class,
            () -> JpkiCard.select(card).sign(KeyRole.AUTHENTICATION, new byte[51]));
    assertThat(failure.error()).isEqualTo(CardError.WRONG_LENGTH);
    assertThat(failure.residentMessage()).contains("6700");
  }

  @Test
  void certificateWhenNoSignatureCertificateThenNoSignatureCertificate() throws Exception {
    RecordingChannel faceCard = new RecordingChannel(SimulatedCard.of(Cards.authenticationOnly()));
    JpkiCard card = JpkiCard.select(faceCard);
    assertThat(card.hasSignatureCertificate()).isFalse();
    CardAccessException failure =
        catchThrowableOfType(CardAccessException.class, () -> card.certificate(KeyRole.SIGNATURE));
    assertThat(failure.error()).isEqualTo(CardError.NO_SIGNATURE_CERTIFICATE);
    assertThat(failure.statusWord()).hasValue(0x6a82);
    assertThat(failure.residentMessage()).contains("署名用電子証明書").contains("under-15s");
  }

  @Test
  void pinStatusWhenNoSignatureCertificateThenNoSignatureCertificateAndNoPinAsked()
      throws Exception {
    JpkiCard card = JpkiCard.select(SimulatedCard.of(Cards.authenticationOnly()));
    CardAccessException failure =
        catchThrowableOfType(CardAccessException.class, () -> card.pinStatus(KeyRole.SIGNATURE));
    assertThat(failure.error()).isEqualTo(CardError.NO_SIGNATURE_CERTIFICATE);
  }

  @Test
  void hasSignatureCertificateWhenPresentThenTrue() throws Exception {
    assertThat(JpkiCard.select(channel).hasSignatureCertificate()).isTrue();
  }

  @Test
  void tokenLabelWhenTestCardThenMarkedTest() throws Exception {
    assertThat(JpkiCard.select(channel).tokenLabel())
        .isEqualTo(CardContents.TEST_TOKEN_LABEL)
        .isEqualTo("JPKIAPICCTOKEN2 TEST");
    assertThat(channel.sentHex()).contains("00a4020c020006", "00b0000020");
  }

  @Test
  void tokenLabelWhenRealCardLabelThenPaddingRemoved() throws Exception {
    SimulatedCard card = SimulatedCard.of(Cards.full().withTokenLabel("JPKIAPICCTOKEN2"));
    assertThat(JpkiCard.select(card).tokenLabel()).isEqualTo("JPKIAPICCTOKEN2");
  }

  @Test
  void anyCommandWhenCardRemovedThenCardRemoved() throws Exception {
    JpkiCard card = JpkiCard.select(channel);
    simulated.remove();
    CardAccessException failure =
        catchThrowableOfType(
            CardAccessException.class, () -> card.certificate(KeyRole.AUTHENTICATION));
    assertThat(failure.error()).isEqualTo(CardError.CARD_REMOVED);
    assertThat(failure.residentMessage()).contains("リーダー").contains("reader");
  }

  @Test
  void readCertificateWhenHeaderIsNotDerThenMalformed() throws Exception {
    ApduChannel card =
        command ->
            command.ins() == 0xb0
                ? ResponseApdu.of(new byte[] {0x04, 0x02, 0, 0}, 0x9000)
                : ResponseApdu.status(0x9000);
    CardAccessException failure =
        catchThrowableOfType(
            CardAccessException.class,
            () -> JpkiCard.select(card).certificate(KeyRole.AUTHENTICATION));
    assertThat(failure.error()).isEqualTo(CardError.MALFORMED_CARD_DATA);
  }

  @Test
  void readCertificateWhenLengthBeyondAnyCertificateThenMalformed() throws Exception {
    ApduChannel card =
        command ->
            command.ins() == 0xb0
                ? ResponseApdu.of(new byte[] {0x30, (byte) 0x82, (byte) 0xff, (byte) 0xff}, 0x9000)
                : ResponseApdu.status(0x9000);
    CardAccessException failure =
        catchThrowableOfType(
            CardAccessException.class,
            () -> JpkiCard.select(card).certificate(KeyRole.AUTHENTICATION));
    assertThat(failure.error()).isEqualTo(CardError.MALFORMED_CARD_DATA);
  }

  @Test
  void readCertificateWhenCardReturnsNothingThenMalformedRatherThanLooping() throws Exception {
    ApduChannel card =
        command ->
            command.ins() == 0xb0 && command.p2() == 0
                ? ResponseApdu.of(new byte[] {0x30, (byte) 0x82, 0x01, 0x00}, 0x9000)
                : ResponseApdu.status(0x9000);
    CardAccessException failure =
        catchThrowableOfType(
            CardAccessException.class,
            () -> JpkiCard.select(card).certificate(KeyRole.AUTHENTICATION));
    assertThat(failure.error()).isEqualTo(CardError.MALFORMED_CARD_DATA);
  }

  @Test
  void statusWordsWhenUnsupportedThenNotSupported() throws Exception {
    for (int sw : new int[] {0x6d00, 0x6e00}) {
      ApduChannel card = command -> ResponseApdu.status(command.ins() == 0xa4 ? 0x9000 : sw);
      CardAccessException failure =
          catchThrowableOfType(
              CardAccessException.class,
              () -> JpkiCard.select(card).certificate(KeyRole.AUTHENTICATION));
      assertThat(failure.error()).isEqualTo(CardError.NOT_SUPPORTED);
    }
  }

  @Test
  void statusWordsWhenUnknownThenCardErrorNamingTheStatusWord() throws Exception {
    ApduChannel card = command -> ResponseApdu.status(command.ins() == 0xa4 ? 0x9000 : 0x6f00);
    CardAccessException failure =
        catchThrowableOfType(
            CardAccessException.class,
            () -> JpkiCard.select(card).certificate(KeyRole.AUTHENTICATION));
    assertThat(failure.error()).isEqualTo(CardError.CARD_ERROR);
    assertThat(failure.residentMessage()).contains("6F00");
  }

  @Test
  void sha256DigestInfoWhenMessageThenPrefixAndDigest() {
    assertThat(HexFormat.of().formatHex(JpkiCard.sha256DigestInfo(new byte[0])))
        .isEqualTo(
            "3031300d060960864801650304020105000420"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  private static CardAccessException wrongPin(JpkiCard card) {
    return catchThrowableOfType(
        CardAccessException.class,
        () -> card.verify(KeyRole.AUTHENTICATION, "0000".toCharArray(), false));
  }
}
