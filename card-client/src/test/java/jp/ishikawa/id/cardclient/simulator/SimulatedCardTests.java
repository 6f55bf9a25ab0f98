package jp.ishikawa.id.cardclient.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import jp.ishikawa.id.cardclient.apdu.ChannelException;
import jp.ishikawa.id.cardclient.apdu.CommandApdu;
import jp.ishikawa.id.cardclient.apdu.ResponseApdu;
import jp.ishikawa.id.cardclient.testing.Cards;
import org.junit.jupiter.api.Test;

/** The emulator at the APDU level: each command, each status word. */
class SimulatedCardTests {

  private static final HexFormat HEX = HexFormat.of();
  private static final String SELECT_AP = "00a4040c0ad392f000260100000001";

  private final SimulatedCard card = SimulatedCard.of(Cards.full());
  private boolean applicationSelected;

  @Test
  void selectApWhenJpkiAidThenSuccess() throws Exception {
    assertThat(sw(SELECT_AP)).isEqualTo("9000");
  }

  @Test
  void selectApWhenOtherAidThenFileNotFound() throws Exception {
    assertThat(sw("00a4040c0ad392f000260100000002")).isEqualTo("6a82");
  }

  @Test
  void selectApWhenNoAidThenWrongLength() throws Exception {
    assertThat(sw("00a4040c")).isEqualTo("6700");
  }

  @Test
  void selectEfWhenApplicationNotSelectedThenFileNotFound() throws Exception {
    assertThat(sw("00a4020c02000a")).isEqualTo("6a82");
  }

  @Test
  void selectEfWhenThreeByteIdentifierThenWrongLength() throws Exception {
    sw(SELECT_AP);
    assertThat(sw("00a4020c0300000a")).isEqualTo("6700");
  }

  @Test
  void selectEfWhenUnknownFileThenFileNotFound() throws Exception {
    sw(SELECT_AP);
    assertThat(sw("00a4020c020099")).isEqualTo("6a82");
  }

  @Test
  void selectWhenUnknownP1ThenWrongP1P2() throws Exception {
    assertThat(sw("00a4080c02000a")).isEqualTo("6a86");
  }

  @Test
  void selectEfWhenSignatureFilesOnFaceAuthenticationCardThenFileNotFound() throws Exception {
    SimulatedCard faceCard = SimulatedCard.of(Cards.authenticationOnly());
    faceCard.transmit(apdu(SELECT_AP));
    for (String fid : new String[] {"0001", "0002", "001a", "001b"}) {
      assertThat(statusOf(faceCard.transmit(apdu("00a4020c02" + fid)))).isEqualTo("6a82");
    }
    assertThat(statusOf(faceCard.transmit(apdu("00a4020c02000a")))).isEqualTo("9000");
  }

  @Test
  void readBinaryWhenNoFileSelectedThenNoCurrentFile() throws Exception {
    sw(SELECT_AP);
    assertThat(sw("00b0000004")).isEqualTo("6986");
  }

  @Test
  void readBinaryWhenDataFieldThenWrongLength() throws Exception {
    select("000a");
    assertThat(sw("00b000000100")).isEqualTo("6700");
  }

  @Test
  void readBinaryWhenNoLeThenWrongLength() throws Exception {
    select("000a");
    assertThat(sw("00b00000")).isEqualTo("6700");
  }

  @Test
  void readBinaryWhenOffsetBeyondFileThenWrongOffset() throws Exception {
    select("000a");
    assertThat(sw("00b07000ff")).isEqualTo("6b00");
  }

  @Test
  void readBinaryWhenPastTheEndThenDataAndEndOfFile() throws Exception {
    select("0006");
    ResponseApdu response = card.transmit(apdu("00b0001010"));
    assertThat(statusOf(response)).isEqualTo("9000");
    response = card.transmit(apdu("00b0001020"));
    assertThat(statusOf(response)).isEqualTo("6282");
    assertThat(response.dataLength()).isEqualTo(16);
  }

  @Test
  void readBinaryWhenKeyFileThenIncompatibleFile() throws Exception {
    select("0017");
    assertThat(sw("00b0000004")).isEqualTo("6981");
  }

  @Test
  void readBinaryWhenPinFileThenIncompatibleFile() throws Exception {
    select("0018");
    assertThat(sw("00b0000004")).isEqualTo("6981");
  }

  @Test
  void readBinaryWhenSignatureCertificateWithoutPasswordThenSecurityStatus() throws Exception {
    select("0001");
    assertThat(sw("00b0000004")).isEqualTo("6982");
  }

  @Test
  void readBinaryWhenSignatureCaWithoutPasswordThenReadable() throws Exception {
    select("0002");
    assertThat(sw("00b0000004")).isEqualTo("9000");
  }

  @Test
  void verifyWithoutDataWhenNewThenTriesLeft() throws Exception {
    select("0018");
    assertThat(sw("00200080")).isEqualTo("63c3");
    select("001b");
    assertThat(sw("00200080")).isEqualTo("63c5");
  }

  @Test
  void verifyWhenWrongPinThreeTimesThen63C2Then63C1Then63C0Then6983() throws Exception {
    select("0018");
    assertThat(sw("002000800430303030")).isEqualTo("63c2");
    assertThat(sw("002000800430303030")).isEqualTo("63c1");
    assertThat(sw("002000800430303030")).isEqualTo("63c0");
    assertThat(sw("002000800431323334")).isEqualTo("6983");
    assertThat(sw("00200080")).isEqualTo("6983");
    assertThat(card.triesLeft().authentication()).isZero();
  }

  @Test
  void verifyWhenCorrectPinThenSuccessAndVerifiedStatus() throws Exception {
    select("0018");
    assertThat(sw("002000800431323334")).isEqualTo("9000");
    assertThat(sw("00200080")).isEqualTo("9000");
  }

  @Test
  void verifyWhenPinOfWrongLengthThenWrongLengthAndNoTryCost() throws Exception {
    select("0018");
    assertThat(sw("0020008003313233")).isEqualTo("6700");
    select("001b");
    assertThat(sw("00200080054142434445")).isEqualTo("6700");
    assertThat(card.triesLeft()).isEqualTo(TriesLeft.full());
  }

  @Test
  void verifyWhenCertificateSelectedThenIncompatibleFile() throws Exception {
    select("000a");
    assertThat(sw("002000800431323334")).isEqualTo("6981");
    assertThat(card.triesLeft()).isEqualTo(TriesLeft.full());
  }

  @Test
  void verifyWhenWrongP2ThenWrongP1P2() throws Exception {
    select("0018");
    assertThat(sw("002000810431323334")).isEqualTo("6a86");
  }

  @Test
  void signWhenNotVerifiedThenSecurityStatusNotSatisfied() throws Exception {
    select("0017");
    assertThat(sw("802a00800401020304" + "00")).isEqualTo("6982");
  }

  @Test
  void signWhenNoLeThenWrongLength() throws Exception {
    verifyPin();
    select("0017");
    assertThat(sw("802a00800401020304")).isEqualTo("6700");
  }

  @Test
  void signWhenNoDataThenWrongLength() throws Exception {
    verifyPin();
    select("0017");
    assertThat(sw("802a008000")).isEqualTo("6700");
  }

  @Test
  void signWhenDataTooLongForTheKeyThenWrongLength() throws Exception {
    verifyPin();
    select("0017");
    assertThat(statusOf(card.transmit(CommandApdu.of(0x80, 0x2a, 0x00, 0x80, new byte[246], 256))))
        .isEqualTo("6700");
  }

  @Test
  void signWhenCertificateSelectedThenIncompatibleFile() throws Exception {
    verifyPin();
    select("000a");
    assertThat(sw("802a0080040102030400")).isEqualTo("6981");
  }

  @Test
  void signWhenVerifiedThen256ByteSignature() throws Exception {
    verifyPin();
    select("0017");
    ResponseApdu response = card.transmit(apdu("802a0080040102030400"));
    assertThat(statusOf(response)).isEqualTo("9000");
    assertThat(response.dataLength()).isEqualTo(256);
  }

  @Test
  void signWhenNamedRsaProviderThenTheSameSignature() throws Exception {
    verifyPin();
    select("0017");
    byte[] byDefault = card.transmit(apdu("802a0080040102030400")).data();
    SimulatedCard named =
        SimulatedCard.of(Cards.full())
            .withRsaProvider(java.security.Security.getProvider("SunJCE"));
    named.transmit(apdu(SELECT_AP));
    named.transmit(apdu("00a4020c020018"));
    named.transmit(apdu("002000800431323334"));
    named.transmit(apdu("00a4020c020017"));

    ResponseApdu response = named.transmit(apdu("802a0080040102030400"));

    assertThat(statusOf(response)).isEqualTo("9000");
    assertThat(response.data()).isEqualTo(byDefault);
  }

  @Test
  void signWhenRsaProviderLacksTheCipherThenTransportError() throws Exception {
    SimulatedCard none =
        SimulatedCard.of(Cards.full())
            .withRsaProvider(new java.security.Provider("Empty", "1", "no algorithms") {});
    none.transmit(apdu(SELECT_AP));
    none.transmit(apdu("00a4020c020018"));
    none.transmit(apdu("002000800431323334"));
    none.transmit(apdu("00a4020c020017"));

    assertThatThrownBy(() -> none.transmit(apdu("802a0080040102030400")))
        .isInstanceOfSatisfying(
            ChannelException.class,
            e -> assertThat(e.kind()).isEqualTo(ChannelException.Kind.TRANSPORT));
  }

  @Test
  void selectApWhenReselectedThenVerificationCleared() throws Exception {
    verifyPin();
    assertThat(sw(SELECT_AP)).isEqualTo("9000");
    select("0017");
    assertThat(sw("802a0080040102030400")).isEqualTo("6982");
  }

  @Test
  void transmitWhenUnknownInstructionThenInsNotSupported() throws Exception {
    assertThat(sw("00ca000000")).isEqualTo("6d00");
  }

  @Test
  void transmitWhenUnknownClassThenClaNotSupported() throws Exception {
    assertThat(sw("a0a4040c0ad392f000260100000001")).isEqualTo("6e00");
  }

  @Test
  void transmitWhenRemovedThenCardRemovedUntilInsertedAgain() throws Exception {
    card.remove();
    assertThatThrownBy(() -> card.transmit(apdu(SELECT_AP)))
        .isInstanceOfSatisfying(
            ChannelException.class,
            e -> assertThat(e.kind()).isEqualTo(ChannelException.Kind.CARD_REMOVED));
    card.insert();
    assertThat(sw(SELECT_AP)).isEqualTo("9000");
  }

  @Test
  void verifyWhenCounterIsPersistedThenPersistedBeforeComparing() throws Exception {
    List<TriesLeft> written = new ArrayList<>();
    SimulatedCard persisted = SimulatedCard.of(Cards.full(), TriesLeft.full(), written::add);
    persisted.transmit(apdu(SELECT_AP));
    persisted.transmit(apdu("00a4020c020018"));
    persisted.transmit(apdu("002000800431323334"));
    assertThat(written).containsExactly(new TriesLeft(2, 5), new TriesLeft(3, 5));
  }

  @Test
  void verifyWhenCounterCannotBePersistedThenCorrectPinDoesNotVerify() throws Exception {
    SimulatedCard broken =
        SimulatedCard.of(
            Cards.full(),
            TriesLeft.full(),
            tries -> {
              throw new UncheckedIOException(new java.io.IOException("disk full"));
            });
    broken.transmit(apdu(SELECT_AP));
    broken.transmit(apdu("00a4020c020018"));
    assertThatThrownBy(() -> broken.transmit(apdu("002000800431323334")))
        .isInstanceOf(ChannelException.class);
    assertThat(statusOf(broken.transmit(apdu("00200080")))).isEqualTo("63c3");
  }

  @Test
  void ofWhenCountersStartLockedThenLocked() throws Exception {
    SimulatedCard locked = SimulatedCard.of(Cards.full(), new TriesLeft(0, 5), tries -> {});
    locked.transmit(apdu(SELECT_AP));
    locked.transmit(apdu("00a4020c020018"));
    assertThat(statusOf(locked.transmit(apdu("002000800431323334")))).isEqualTo("6983");
  }

  @Test
  void toStringWhenPrintedThenNoSecrets() {
    assertThat(card.toString()).doesNotContain("1234").doesNotContain("TESTCARD1");
  }

  private void verifyPin() throws Exception {
    select("0018");
    assertThat(sw("002000800431323334")).isEqualTo("9000");
  }

  private void select(String fid) throws Exception {
    if (!applicationSelected) {
      assertThat(sw(SELECT_AP)).isEqualTo("9000");
      applicationSelected = true;
    }
    assertThat(sw("00a4020c02" + fid)).isEqualTo("9000");
  }

  private String sw(String hex) throws Exception {
    return statusOf(card.transmit(apdu(hex)));
  }

  private static CommandApdu apdu(String hex) {
    return CommandApdu.parse(HEX.parseHex(hex));
  }

  private static String statusOf(ResponseApdu response) {
    return HEX.toHexDigits((short) response.sw());
  }
}
