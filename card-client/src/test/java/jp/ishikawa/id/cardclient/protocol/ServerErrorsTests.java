package jp.ishikawa.id.cardclient.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerErrorsTests {

  @Test
  void residentMessageWhenExpiredThenTheAgreedSentence() {
    assertThat(ServerErrors.residentMessage("expired"))
        .isEqualTo(
            "この手続きは期限切れです。パソコンの画面でやり直してください。 / This login has expired. Start again"
                + " on the screen.");
  }

  @Test
  void residentMessageWhenEveryKnownCodeThenJapaneseFirstThenEnglish() {
    assertThat(ServerErrors.knownCodes())
        .contains(
            "expired",
            "consumed",
            "bad_signature",
            "untrusted_issuer",
            "revoked",
            "wrong_purpose",
            "wrong_code",
            "not_found",
            "certificate_expired");
    for (String code : ServerErrors.knownCodes()) {
      String message = ServerErrors.residentMessage(code);
      int separator = message.indexOf(" / ");
      assertThat(separator).as(code).isPositive();
      assertThat(message.substring(0, separator))
          .as(code)
          .containsPattern("[\\p{IsHan}\\p{IsHiragana}]");
      assertThat(message.substring(separator + 3)).as(code).matches("[\\x20-\\x7e]+");
    }
  }

  @Test
  void residentMessageWhenUnknownCodeThenGeneralSentenceWithTheCode() {
    assertThat(ServerErrors.isKnown("quota_exceeded")).isFalse();
    assertThat(ServerErrors.residentMessage("quota_exceeded"))
        .contains("quota_exceeded")
        .contains("ログインできませんでした")
        .contains("The login failed");
  }
}
