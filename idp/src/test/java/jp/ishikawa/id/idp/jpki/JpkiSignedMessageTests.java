package jp.ishikawa.id.idp.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JpkiSignedMessageTests {

  @Test
  void buildWhenValuesThenExactBytesWithLfAndNoTrailingNewline() {
    byte[] message = JpkiSignedMessage.build("https://id.example", "t", "login", "Y2g", "42");
    assertThat(new String(message, StandardCharsets.UTF_8))
        .isEqualTo(
            "ishikawa-id-jpki-v1\norigin=https://id.example\ntxn=t\npurpose=login\nchallenge=Y2g\ncode=42");
  }

  @Test
  void originOfWhenDefaultPortsThenOmitted() {
    assertThat(JpkiSignedMessage.originOf(URI.create("HTTPS://ID.Example:443/x")))
        .isEqualTo("https://id.example");
    assertThat(JpkiSignedMessage.originOf(URI.create("http://localhost:80/x")))
        .isEqualTo("http://localhost");
  }

  @Test
  void originOfWhenOtherPortThenKept() {
    assertThat(JpkiSignedMessage.originOf(URI.create("http://localhost:9000/jpki")))
        .isEqualTo("http://localhost:9000");
  }
}
