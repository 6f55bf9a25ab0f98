package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code private_key_jwt} with keys from the client's {@code jwks-uri}, served by a test HTTP
 * server: the client rotates to a key with a new {@code kid}, and the IdP fetches the document
 * again instead of refusing it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateKeyJwtJwksUriTests {

  private static final String CLIENT = "catalogue-portal";
  private static final URI REDIRECT = URI.create("https://catalogue.example/callback");

  private HttpServer keys;
  private final AtomicReference<String> published = new AtomicReference<>();
  private TestIdentityProvider idp;
  private OIDCProviderMetadata metadata;
  private ECKey first;

  @BeforeAll
  void start() throws Exception {
    first = new ECKeyGenerator(Curve.P_256).keyID("2026-1").generate();
    published.set(new JWKSet(first.toPublicJWK()).toString());
    keys = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    keys.createContext(
        "/jwks.json",
        exchange -> {
          byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    keys.start();
    String prefix = "ishikawa-id.clients[6].";
    idp =
        TestIdentityProvider.start(
            TestIdentityProvider.Storage.EMBEDDED,
            Map.of(
                prefix + "client-id",
                CLIENT,
                prefix + "redirect-uris[0]",
                REDIRECT.toString(),
                prefix + "token-endpoint-auth-method",
                "private_key_jwt",
                prefix + "jwks-uri",
                "http://127.0.0.1:" + keys.getAddress().getPort() + "/jwks.json"));
    metadata = OidcRelyingParty.discover(idp.issuer());
  }

  @AfterAll
  void stop() {
    if (idp != null) {
      idp.close();
    }
    if (keys != null) {
      keys.stop(0);
    }
  }

  private String tokenError(ECKey key) throws Exception {
    PrivateKeyJWT assertion =
        new ClientAssertions(CLIENT, key, metadata.getTokenEndpointURI().toString()).sign();
    TokenResponse response =
        OIDCTokenResponseParser.parse(
            new TokenRequest.Builder(
                    metadata.getTokenEndpointURI(),
                    assertion,
                    new AuthorizationCodeGrant(
                        new AuthorizationCode("no-such-code"), REDIRECT, new CodeVerifier()))
                .build()
                .toHTTPRequest()
                .send());
    return ((TokenErrorResponse) response).getErrorObject().getCode();
  }

  @Test
  void tokenWhenClientRotatesToAKeyWithANewKidThenJwksUriFetchedAgain() throws Exception {
    assertThat(tokenError(first))
        .as("authenticated, then the code refused")
        .isEqualTo("invalid_grant");

    ECKey second = new ECKeyGenerator(Curve.P_256).keyID("2026-2").generate();
    published.set(new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK())).toString());

    assertThat(tokenError(second)).isEqualTo("invalid_grant");
  }

  @Test
  void tokenWhenKeyNotInTheClientsJwksUriThenInvalidClient() throws Exception {
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("stranger").generate();

    assertThat(tokenError(stranger)).isEqualTo("invalid_client");
  }
}
