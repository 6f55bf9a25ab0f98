package jp.ishikawa.id.cardclient.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionUrlTests {

  @Test
  void parseWhenHttpsThenOriginAndTxn() throws Exception {
    TransactionUrl url = TransactionUrl.parse("https://id.example/jpki/transactions/abc123");
    assertThat(url.origin()).isEqualTo("https://id.example");
    assertThat(url.txn()).isEqualTo("abc123");
    assertThat(url.uri()).isEqualTo(URI.create("https://id.example/jpki/transactions/abc123"));
    assertThat(url.responseUri())
        .isEqualTo(URI.create("https://id.example/jpki/transactions/abc123/response"));
  }

  @ParameterizedTest
  @CsvSource({
    "HTTPS://ID.Example/jpki/transactions/t1, https://id.example",
    "https://id.example:443/jpki/transactions/t1, https://id.example",
    "https://id.example:8443/jpki/transactions/t1, https://id.example:8443",
    "http://localhost:80/jpki/transactions/t1, http://localhost",
    "http://127.0.0.1:8080/jpki/transactions/t1, http://127.0.0.1:8080",
    "http://[::1]:8080/jpki/transactions/t1, http://[::1]:8080",
    "https://example.jp/id/jpki/transactions/t1, https://example.jp"
  })
  void parseWhenSchemeHostOrPortVaryThenNormalisedOrigin(String text, String origin)
      throws Exception {
    assertThat(TransactionUrl.parse(text).origin()).isEqualTo(origin);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://id.example/jpki/transactions/t1",
        "http://192.168.1.5/jpki/transactions/t1",
        "http://localhost.evil.example/jpki/transactions/t1"
      })
  void parseWhenHttpToAnotherHostThenInsecureUrl(String text) {
    TransactionException failure =
        catchThrowableOfType(TransactionException.class, () -> TransactionUrl.parse(text));
    assertThat(failure.code()).isEqualTo("insecure_url");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://id.example@evil.example/jpki/transactions/t1",
        "https://id.example/jpki/transactions/t1?x=1",
        "https://id.example/jpki/transactions/t1#frag",
        "https://id.example/jpki/transactions/",
        "https://id.example/jpki/transactions/t1/response",
        "https://id.example/login",
        "https://[2001:db8::1]/jpki/transactions/t1",
        "https://-id.example/jpki/transactions/t1",
        "ftp://id.example/jpki/transactions/t1",
        "/jpki/transactions/t1",
        "not a url",
        ""
      })
  void parseWhenNotATransactionUrlThenInvalidUrl(String text) {
    TransactionException failure =
        catchThrowableOfType(TransactionException.class, () -> TransactionUrl.parse(text));
    assertThat(failure.code()).isEqualTo("invalid_url");
  }

  @Test
  void parseWhenAppLinkThenTheTransactionUrlItCarries() throws Exception {
    TransactionUrl url =
        TransactionUrl.parse(
            "ishikawa-id://jpki?url=https%3A%2F%2Fid.example%2Fjpki%2Ftransactions%2Fabc123");
    assertThat(url.origin()).isEqualTo("https://id.example");
    assertThat(url.txn()).isEqualTo("abc123");
  }

  @Test
  void parseWhenAppLinkCarriesHttpToAnotherHostThenInsecureUrl() {
    TransactionException failure =
        catchThrowableOfType(
            TransactionException.class,
            () ->
                TransactionUrl.parse(
                    "ishikawa-id://jpki?url=http%3A%2F%2Fid.example%2Fjpki%2Ftransactions%2Fa"));
    assertThat(failure.code()).isEqualTo("insecure_url");
  }

  @Test
  void parseWhenAppLinkWithoutUrlThenInvalidUrl() {
    TransactionException failure =
        catchThrowableOfType(
            TransactionException.class, () -> TransactionUrl.parse("ishikawa-id://jpki?x=1"));
    assertThat(failure.code()).isEqualTo("invalid_url");
  }

  @Test
  void parseWhenAppLinkWithTwoUrlsThenInvalidUrl() {
    TransactionException failure =
        catchThrowableOfType(
            TransactionException.class,
            () ->
                TransactionUrl.parse(
                    "ishikawa-id://jpki?url=https%3A%2F%2Fa.example%2Fjpki%2Ftransactions%2Fa"
                        + "&url=https%3A%2F%2Fb.example%2Fjpki%2Ftransactions%2Fa"));
    assertThat(failure.code()).isEqualTo("invalid_url");
  }
}
