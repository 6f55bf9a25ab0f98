package jp.ishikawa.id.cardclient.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HexFormat;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import jp.ishikawa.id.cardclient.apdu.ChannelException;
import jp.ishikawa.id.cardclient.apdu.CommandApdu;
import jp.ishikawa.id.cardclient.card.CardAccessException;
import jp.ishikawa.id.cardclient.card.CardError;
import jp.ishikawa.id.cardclient.card.JpkiCard;
import jp.ishikawa.id.cardclient.card.KeyRole;
import org.junit.jupiter.api.Test;

/** The PC/SC transport against a channel that replays the exact APDUs of JPKI.md §1. */
class PcscTransportTests {

  private static final String SELECT_AP = "00a4040c0ad392f000260100000001";

  private final ReplayCardChannel channel = new ReplayCardChannel();
  private final PcscTransport transport = new PcscTransport(channel, true);

  @Test
  void readCertificateWhenReplayedThenHeaderThenChunksExactly() throws Exception {
    // A 304-byte DER object: header 30 82 01 2c, then 300 bytes.
    byte[] der = new byte[304];
    der[0] = 0x30;
    der[1] = (byte) 0x82;
    der[2] = 0x01;
    der[3] = 0x2c;
    for (int i = 4; i < der.length; i++) {
      der[i] = (byte) i;
    }
    HexFormat hex = HexFormat.of();
    channel
        .expect(SELECT_AP, "9000")
        .expect("00a4020c02000a", "9000")
        .expect("00b0000004", hex.formatHex(der, 0, 4) + "9000")
        .expect("00b00004ff", hex.formatHex(der, 4, 259) + "9000")
        .expect("00b001032d", hex.formatHex(der, 259, 304) + "9000");
    byte[] read = JpkiCard.select(transport).certificate(KeyRole.AUTHENTICATION);
    assertThat(read).isEqualTo(der);
    assertThat(channel.mismatches()).isEmpty();
    assertThat(channel.finished()).isTrue();
  }

  @Test
  void loginSequenceWhenReplayedThenTriesVerifySignExactly() throws Exception {
    byte[] message = "m".getBytes();
    String digestInfo = HexFormat.of().formatHex(JpkiCard.sha256DigestInfo(message));
    String signature = "ab".repeat(256);
    channel
        .expect(SELECT_AP, "9000")
        .expect("00a4020c020018", "9000")
        .expect("00200080", "63c3")
        .expect("00a4020c020018", "9000")
        .expect("00200080", "63c3")
        .expect("002000800431323334", "9000")
        .expect("00a4020c020017", "9000")
        .expect("802a008033" + digestInfo + "00", signature + "9000");
    JpkiCard card = JpkiCard.select(transport);
    assertThat(card.pinStatus(KeyRole.AUTHENTICATION).triesLeft()).isEqualTo(3);
    card.verify(KeyRole.AUTHENTICATION, "1234".toCharArray(), false);
    assertThat(HexFormat.of().formatHex(card.signSha256(KeyRole.AUTHENTICATION, message)))
        .isEqualTo(signature);
    assertThat(channel.mismatches()).isEmpty();
    assertThat(channel.finished()).isTrue();
  }

  @Test
  void verifyWhenCardSaysWrongPinThenWrongPinWithTriesLeft() throws Exception {
    channel
        .expect(SELECT_AP, "9000")
        .expect("00a4020c02001b", "9000")
        .expect("00200080", "63c5")
        .expect("00200080064142434445" + "46", "63c4");
    JpkiCard card = JpkiCard.select(transport);
    CardAccessException failure =
        catchThrowableOfType(
            CardAccessException.class,
            () -> card.verify(KeyRole.SIGNATURE, "ABCDEF".toCharArray(), false));
    assertThat(failure.error()).isEqualTo(CardError.WRONG_PIN);
    assertThat(failure.triesLeft()).hasValue(4);
    assertThat(channel.mismatches()).isEmpty();
  }

  @Test
  void selectEfWhenNoSignatureCertificateThenNoSignatureCertificate() throws Exception {
    channel.expect(SELECT_AP, "9000").expect("00a4020c020001", "6a82");
    assertThat(JpkiCard.select(transport).hasSignatureCertificate()).isFalse();
    assertThat(channel.finished()).isTrue();
  }

  @Test
  void transmitWhenCardNotPresentThenCardRemoved() {
    channel.fail(SELECT_AP, new CardNotPresentException("gone"));
    ChannelException failure =
        catchThrowableOfType(ChannelException.class, () -> transport.transmit(apdu(SELECT_AP)));
    assertThat(failure.kind()).isEqualTo(ChannelException.Kind.CARD_REMOVED);
  }

  @Test
  void transmitWhenPcscSaysRemovedCardThenCardRemoved() {
    channel.fail(
        SELECT_AP, new CardException("transmit() failed", new Exception("SCARD_W_REMOVED_CARD")));
    CardAccessException failure =
        catchThrowableOfType(CardAccessException.class, () -> JpkiCard.select(transport));
    assertThat(failure.error()).isEqualTo(CardError.CARD_REMOVED);
  }

  @Test
  void transmitWhenPcscServiceStoppedThenNoReader() {
    channel.fail(SELECT_AP, new CardException("SCARD_E_NO_SERVICE"));
    CardAccessException failure =
        catchThrowableOfType(CardAccessException.class, () -> JpkiCard.select(transport));
    assertThat(failure.error()).isEqualTo(CardError.NO_READER);
    assertThat(failure.residentMessage()).contains("pcscd");
  }

  @Test
  void transmitWhenOtherPcscFailureThenReaderError() {
    channel.fail(SELECT_AP, new CardException("SCARD_F_INTERNAL_ERROR"));
    CardAccessException failure =
        catchThrowableOfType(CardAccessException.class, () -> JpkiCard.select(transport));
    assertThat(failure.error()).isEqualTo(CardError.READER_ERROR);
  }

  @Test
  void closeWhenExclusiveThenEndsExclusiveAndResetsTheCard() {
    channel.fakeCard().exclusive = true;
    transport.close();
    assertThat(channel.fakeCard().exclusive).isFalse();
    assertThat(channel.fakeCard().disconnected).isTrue();
    assertThat(channel.fakeCard().reset).isTrue();
  }

  private static CommandApdu apdu(String hex) {
    return CommandApdu.parse(HexFormat.of().parseHex(hex));
  }
}
