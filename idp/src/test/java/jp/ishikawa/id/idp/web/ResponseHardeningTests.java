package jp.ishikawa.id.idp.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every answer carries, and what machines get from the protocol endpoints (issue 7,
 * informational findings): redirects on the issuer whatever the {@code Host} header, {@code
 * Referrer-Policy}, and JSON 401/405 instead of the login page.
 */
class ResponseHardeningTests {

  private TestIdentityProvider idp;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);
  }

  /** A raw HTTP/1.1 exchange: the JDK client does not let a test forge {@code Host}. */
  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", idp.issuer().getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static Optional<String> header(String response, String name) {
    return Arrays.stream(response.split("\r\n"))
        .takeWhile(line -> !line.isEmpty())
        .filter(
            line -> line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
        .map(line -> line.substring(line.indexOf(':') + 1).trim())
        .findFirst();
  }

  @Test
  void loginRedirectWhenHostHeaderIsForgedThenLocationIsOnTheIssuer() throws Exception {
    String response =
        raw(
            "GET /account HTTP/1.1\r\nHost: evil.example\r\nAccept: text/html\r\n"
                + "Connection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 302");
    assertThat(header(response, "Location")).hasValue(idp.issuer() + "/login");
  }

  @Test
  void pagesWhenServedThenReferrerPolicyNoReferrer() throws Exception {
    for (String path : new String[] {"/login", "/.well-known/openid-configuration"}) {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(idp.issuer() + path)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
    }
  }

  @Test
  void introspectWhenNoClientAuthenticationThen401InvalidClientJson() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(idp.issuer() + "/oauth2/introspect"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=abc"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    assertThat(response.body()).contains("\"error\":\"invalid_client\"");
    assertThat(response.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void tokenEndpointWhenGetThen405Json() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(idp.issuer() + "/oauth2/token")).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    assertThat(response.body()).contains("\"error\":\"invalid_request\"");
  }
}
