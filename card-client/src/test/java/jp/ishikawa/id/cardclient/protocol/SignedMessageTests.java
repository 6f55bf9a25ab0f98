package jp.ishikawa.id.cardclient.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import jp.ishikawa.id.verifier.model.Purpose;
import org.junit.jupiter.api.Test;

class SignedMessageTests {

  @Test
  void bytesWhenLoginThenExactlyTheSixLinesWithoutTrailingNewline() {
    SignedMessage message =
        new SignedMessage("https://id.example", "abc123", Purpose.LOGIN, "q83vEjRWeJA", "07");
    byte[] expected =
        ("ishikawa-id-jpki-v1\n"
                + "origin=https://id.example\n"
                + "txn=abc123\n"
                + "purpose=login\n"
                + "challenge=q83vEjRWeJA\n"
                + "code=07")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(message.bytes()).isEqualTo(expected);
    assertThat(message.bytes()[message.bytes().length - 1]).isEqualTo((byte) '7');
    assertThat(HexFormat.of().formatHex(message.bytes())).doesNotContain("0d");
  }

  @Test
  void textWhenIdentityThenPurposeIdentityAndPortKept() {
    SignedMessage message =
        new SignedMessage("http://127.0.0.1:8080", "t-1_x", Purpose.IDENTITY, "AAAA", "99");
    assertThat(message.text())
        .isEqualTo(
            "ishikawa-id-jpki-v1\norigin=http://127.0.0.1:8080\ntxn=t-1_x\npurpose=identity\n"
                + "challenge=AAAA\ncode=99");
  }

  @Test
  void newWhenFieldHoldsALineBreakThenRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new SignedMessage(
                    "https://id.example", "abc\ncode=00", Purpose.LOGIN, "AAAA", "07"));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new SignedMessage("https://id.example\ntxn=x", "abc", Purpose.LOGIN, "AAAA", "07"));
  }

  @Test
  void newWhenCodeNotTwoDigitsThenRejected() {
    for (String code : new String[] {"7", "123", "ab", " 7"}) {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () -> new SignedMessage("https://id.example", "abc", Purpose.LOGIN, "AAAA", code));
    }
  }

  @Test
  void newWhenChallengePaddedThenRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new SignedMessage("https://id.example", "abc", Purpose.LOGIN, "AAA=", "07"));
  }

  @Test
  void newWhenOriginHasUpperCaseOrPathThenRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new SignedMessage("https://ID.example", "abc", Purpose.LOGIN, "AAAA", "07"));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new SignedMessage("https://id.example/", "abc", Purpose.LOGIN, "AAAA", "07"));
  }
}
