package jp.ishikawa.id.idp.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AtRestCipherTests {

  private static final byte[] KEY = new byte[32];
  private final AtRestCipher cipher = new AtRestCipher(KEY, new SecureRandom());
  private final byte[] plaintext = "石川　太郎".getBytes(StandardCharsets.UTF_8);

  @Test
  void decryptWhenSameAssociatedDataThenPlaintext() {
    byte[] sealed = cipher.encrypt(plaintext, "verified_facts:r1");
    assertThat(cipher.decrypt(sealed, "verified_facts:r1")).isEqualTo(plaintext);
  }

  @Test
  void encryptWhenTwiceThenDifferentCiphertexts() {
    assertThat(cipher.encrypt(plaintext, "a")).isNotEqualTo(cipher.encrypt(plaintext, "a"));
  }

  @Test
  void decryptWhenMovedToAnotherRowThenRefused() {
    byte[] sealed = cipher.encrypt(plaintext, "verified_facts:r1");
    assertThatThrownBy(() -> cipher.decrypt(sealed, "verified_facts:r2"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decryptWhenTamperedThenRefused() {
    byte[] sealed = cipher.encrypt(plaintext, "a");
    sealed[sealed.length - 1] ^= 1;
    assertThatThrownBy(() -> cipher.decrypt(sealed, "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decryptWhenOtherKeyThenRefused() {
    byte[] other = Arrays.copyOf(KEY, 32);
    other[0] = 1;
    byte[] sealed = new AtRestCipher(other, new SecureRandom()).encrypt(plaintext, "a");
    assertThatThrownBy(() -> cipher.decrypt(sealed, "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decryptWhenTruncatedThenRefused() {
    assertThatThrownBy(() -> cipher.decrypt(new byte[5], "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructorWhenKeyTooShortThenRefused() {
    assertThatThrownBy(() -> new AtRestCipher(new byte[16], new SecureRandom()))
        .hasMessageContaining("32 bytes");
  }
}
