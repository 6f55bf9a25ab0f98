package jp.ishikawa.id.idp.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Sha256SecretEncoderTests {

  private final Sha256SecretEncoder encoder = new Sha256SecretEncoder();

  @Test
  void matchesWhenSameSecretThenTrue() {
    String stored = encoder.encode("a-long-random-client-secret-0123456789");
    assertThat(encoder.matches("a-long-random-client-secret-0123456789", stored)).isTrue();
    assertThat(stored).doesNotContain("client-secret");
  }

  @Test
  void matchesWhenOtherSecretThenFalse() {
    String stored = encoder.encode("a-long-random-client-secret-0123456789");
    assertThat(encoder.matches("a-long-random-client-secret-0123456780", stored)).isFalse();
  }

  @Test
  void matchesWhenStoredValueNotHexThenFalse() {
    assertThat(encoder.matches("secret", "not-hex")).isFalse();
    assertThat(encoder.matches(null, encoder.encode("x"))).isFalse();
  }
}
