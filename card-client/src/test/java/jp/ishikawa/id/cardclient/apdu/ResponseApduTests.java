package jp.ishikawa.id.cardclient.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ResponseApduTests {

  @Test
  void parseWhenDataAndStatusThenSplit() {
    ResponseApdu response = ResponseApdu.parse(HexFormat.of().parseHex("30829000"));
    assertThat(response.data()).containsExactly(0x30, 0x82);
    assertThat(response.sw()).isEqualTo(0x9000);
    assertThat(response.isSuccess()).isTrue();
  }

  @Test
  void parseWhenStatusOnlyThenNoData() {
    ResponseApdu response = ResponseApdu.parse(HexFormat.of().parseHex("63c2"));
    assertThat(response.dataLength()).isZero();
    assertThat(response.sw1()).isEqualTo(0x63);
    assertThat(response.sw2()).isEqualTo(0xc2);
    assertThat(StatusWord.isTriesLeft(response.sw())).isTrue();
  }

  @Test
  void parseWhenNoStatusWordThenRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> ResponseApdu.parse(new byte[1]));
  }

  @Test
  void bytesWhenEncodedThenDataThenStatus() {
    assertThat(HexFormat.of().formatHex(ResponseApdu.of(new byte[] {1}, 0x6282).bytes()))
        .isEqualTo("016282");
  }

  @Test
  void isBlockedWhen6983Or6984ThenTrue() {
    assertThat(StatusWord.isBlocked(0x6983)).isTrue();
    assertThat(StatusWord.isBlocked(0x6984)).isTrue();
    assertThat(StatusWord.isBlocked(0x63c0)).isFalse();
  }
}
