package jp.ishikawa.id.cardclient.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CommandApduTests {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void bytesWhenCase3ThenHeaderLcData() {
    CommandApdu select = CommandApdu.of(0x00, 0xa4, 0x02, 0x0c, HEX.parseHex("000a"));
    assertThat(HEX.formatHex(select.bytes())).isEqualTo("00a4020c02000a");
  }

  @Test
  void bytesWhenCase2With256ThenLeIsZero() {
    CommandApdu read = CommandApdu.of(0x00, 0xb0, 0x00, 0x00, new byte[0], 256);
    assertThat(HEX.formatHex(read.bytes())).isEqualTo("00b0000000");
  }

  @Test
  void bytesWhenCase4ThenHeaderLcDataLe() {
    CommandApdu sign = CommandApdu.of(0x80, 0x2a, 0x00, 0x80, HEX.parseHex("0102"), 256);
    assertThat(HEX.formatHex(sign.bytes())).isEqualTo("802a008002010200");
  }

  @Test
  void bytesWhenCase1ThenHeaderOnly() {
    assertThat(HEX.formatHex(CommandApdu.of(0x00, 0x20, 0x00, 0x80).bytes())).isEqualTo("00200080");
  }

  @Test
  void parseWhenEncodedThenSameCommand() {
    for (String hex :
        new String[] {"00200080", "00b0000004", "00a4020c02000a", "802a00800201020" + "0"}) {
      assertThat(HEX.formatHex(CommandApdu.parse(HEX.parseHex(hex)).bytes())).isEqualTo(hex);
    }
  }

  @Test
  void parseWhenLcDoesNotMatchThenRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandApdu.parse(HEX.parseHex("00a4020c03000a")));
  }

  @Test
  void parseWhenShorterThanHeaderThenRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> CommandApdu.parse(new byte[3]));
  }

  @Test
  void ofWhenDataLongerThan255ThenRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandApdu.of(0x00, 0x20, 0x00, 0x80, new byte[256]));
  }

  @Test
  void toStringWhenVerifyThenPinNotShown() {
    CommandApdu verify = CommandApdu.of(0x00, 0x20, 0x00, 0x80, "9876".getBytes());
    assertThat(verify.toString())
        .doesNotContain("9876")
        .doesNotContain("39383736")
        .contains("Lc=4");
  }
}
