package jp.ishikawa.id.cardclient.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import jp.ishikawa.id.cardclient.card.CardAccessException;
import jp.ishikawa.id.cardclient.card.CardError;
import jp.ishikawa.id.cardclient.card.JpkiCard;
import jp.ishikawa.id.cardclient.card.KeyRole;
import jp.ishikawa.id.cardclient.testing.Cards;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCardFileTests {

  @TempDir Path directory;

  @Test
  void readWhenWrittenThenSameContents() throws Exception {
    Path file = directory.resolve("card.p12");
    TestCardFile.write(file, Cards.full());
    CardContents read = TestCardFile.read(file);
    assertThat(read.authenticationCertificate())
        .isEqualTo(Cards.full().authenticationCertificate());
    assertThat(read.authenticationCa()).isEqualTo(Cards.full().authenticationCa());
    assertThat(read.signatureCertificate()).isEqualTo(Cards.full().signatureCertificate());
    assertThat(read.signatureCa()).isEqualTo(Cards.full().signatureCa());
    assertThat(read.authenticationKey().getEncoded())
        .isEqualTo(Cards.full().authenticationKey().getEncoded());
    assertThat(read.pin()).isEqualTo("1234");
    assertThat(read.password()).isEqualTo("TESTCARD1");
    assertThat(read.tokenLabel()).isEqualTo("JPKIAPICCTOKEN2 TEST");
  }

  @Test
  void readWhenNoSignatureCertificateThenNone() throws Exception {
    Path file = directory.resolve("face.p12");
    TestCardFile.write(file, Cards.authenticationOnly());
    CardContents read = TestCardFile.read(file);
    assertThat(read.hasSignature()).isFalse();
    assertThat(read.password()).isNull();
  }

  @Test
  void openWhenLockedOutThenStillLockedAfterReopening() throws Exception {
    Path file = directory.resolve("card.p12");
    TestCardFile.write(file, Cards.full());
    JpkiCard card = JpkiCard.select(TestCardFile.open(file));
    for (int i = 0; i < 3; i++) {
      catchThrowableOfType(
          CardAccessException.class,
          () -> card.verify(KeyRole.AUTHENTICATION, "0000".toCharArray(), true));
    }
    JpkiCard reopened = JpkiCard.select(TestCardFile.open(file));
    assertThat(reopened.pinStatus(KeyRole.AUTHENTICATION).blocked()).isTrue();
    CardAccessException failure =
        catchThrowableOfType(
            CardAccessException.class,
            () -> reopened.verify(KeyRole.AUTHENTICATION, "1234".toCharArray(), true));
    assertThat(failure.error()).isEqualTo(CardError.PIN_BLOCKED);
    assertThat(Files.readString(TestCardFile.statePath(file)))
        .contains("authentication-tries-left=0");
  }

  @Test
  void openWhenOneWrongPinThenTwoLeftAfterReopening() throws Exception {
    Path file = directory.resolve("card.p12");
    TestCardFile.write(file, Cards.full());
    catchThrowableOfType(
        CardAccessException.class,
        () ->
            JpkiCard.select(TestCardFile.open(file))
                .verify(KeyRole.AUTHENTICATION, "0000".toCharArray(), false));
    assertThat(TestCardFile.readState(file)).isEqualTo(new TriesLeft(2, 5));
  }

  @Test
  void writeWhenCardReissuedThenCountersFull() throws Exception {
    Path file = directory.resolve("card.p12");
    TestCardFile.write(file, Cards.full());
    TestCardFile.writeState(file, new TriesLeft(0, 0));
    TestCardFile.write(file, Cards.full());
    assertThat(TestCardFile.readState(file)).isEqualTo(TriesLeft.full());
  }

  @Test
  void readStateWhenCorruptThenIoException() throws Exception {
    Path file = directory.resolve("card.p12");
    TestCardFile.write(file, Cards.full());
    Files.writeString(TestCardFile.statePath(file), "authentication-tries-left=7\n");
    assertThatIOException().isThrownBy(() -> TestCardFile.open(file));
  }

  @Test
  void readWhenNotPkcs12ThenIoException() throws Exception {
    Path file = directory.resolve("garbage.p12");
    Files.writeString(file, "not a card");
    assertThatIOException()
        .isThrownBy(() -> TestCardFile.read(file))
        .withMessageContaining("not a valid");
  }

  @Test
  void readWhenMissingThenIoException() {
    assertThatIOException().isThrownBy(() -> TestCardFile.read(directory.resolve("none.p12")));
  }

  @Test
  void readWhenPkcs12WithoutTestMarkerThenRefused() throws Exception {
    Path file = directory.resolve("other.p12");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("x", Cards.full().authenticationCa());
    try (var out = Files.newOutputStream(file)) {
      store.store(out, TestCardFile.STORE_PASSWORD.toCharArray());
    }
    assertThatIOException()
        .isThrownBy(() -> TestCardFile.read(file))
        .withMessageContaining("card-info");
  }

  @Test
  void statePathWhenCardFileThenSidecar() {
    assertThat(TestCardFile.statePath(Path.of("/tmp/x/card.p12")))
        .isEqualTo(Path.of("/tmp/x/card.p12.state"));
  }
}
