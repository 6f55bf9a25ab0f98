package jp.ishikawa.id.consentui.browser;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A service of the platform as a vendor would build it, with the Nimbus OAuth 2.0 / OpenID Connect
 * SDK and none of our code: it logs a resident in (authorization code with PKCE, a client secret),
 * keeps the refresh token, and has a back-channel logout endpoint ({@code POST
 * /backchannel-logout}) on a tiny HTTP server of its own, which also answers the redirect ({@code
 * /callback}) so the browser lands somewhere.
 */
final class TestRelyingParty implements AutoCloseable {

  static final String CLIENT_ID = "city-library";
  static final String NAME = "市立図書館 / City Library";

  private final HttpServer server;
  private final ClientID clientId = new ClientID(CLIENT_ID);
  private final Secret secret = new Secret(32);
  private final List<String> logoutTokens = new CopyOnWriteArrayList<>();
  private OIDCProviderMetadata provider;
  private State state;
  private Nonce nonce;
  private CodeVerifier verifier;
  private RefreshToken refreshToken;
  private IDTokenClaimsSet idToken;

  TestRelyingParty() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/callback",
        exchange -> {
          byte[] body = "signed in".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/backchannel-logout",
        exchange -> {
          String form =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          for (String pair : form.split("&")) {
            if (pair.startsWith("logout_token=")) {
              logoutTokens.add(
                  URLDecoder.decode(
                      pair.substring("logout_token=".length()), StandardCharsets.UTF_8));
            }
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  URI redirectUri() {
    return URI.create("http://localhost:" + server.getAddress().getPort() + "/callback");
  }

  URI backchannelLogoutUri() {
    return URI.create("http://localhost:" + server.getAddress().getPort() + "/backchannel-logout");
  }

  String secret() {
    return secret.getValue();
  }

  /** The IdP's arguments that register this service (index {@code i} of ishikawa-id.clients). */
  List<String> clientArguments(int i) {
    String prefix = "--ishikawa-id.clients[" + i + "].";
    return List.of(
        prefix + "client-id=" + CLIENT_ID,
        prefix + "client-name=" + NAME,
        prefix + "client-secret=" + secret.getValue(),
        prefix + "redirect-uris=" + redirectUri(),
        prefix + "scopes=openid,profile,address,ishikawa_residency",
        prefix + "backchannel-logout-uri=" + backchannelLogoutUri());
  }

  /** Where the browser starts the service's login. */
  URI authorizationRequest(URI issuer) throws Exception {
    provider = OIDCProviderMetadata.resolve(new Issuer(issuer.toString()));
    state = new State();
    nonce = new Nonce();
    verifier = new CodeVerifier();
    return new AuthenticationRequest.Builder(
            new ResponseType("code"),
            new Scope("openid", "profile", "address", "ishikawa_residency"),
            clientId,
            redirectUri())
        .endpointURI(provider.getAuthorizationEndpointURI())
        .state(state)
        .nonce(nonce)
        .codeChallenge(verifier, CodeChallengeMethod.S256)
        .build()
        .toURI();
  }

  /** Redeems the code of the URL the browser was sent back to; keeps the refresh token. */
  void redeem(URI callback) throws Exception {
    AuthorizationResponse response = AuthorizationResponse.parse(callback);
    if (!response.indicatesSuccess() || !state.equals(response.getState())) {
      throw new IllegalStateException("the login did not succeed: " + callback);
    }
    AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
    TokenResponse answer =
        OIDCTokenResponseParser.parse(
            new TokenRequest.Builder(
                    provider.getTokenEndpointURI(),
                    new ClientSecretBasic(clientId, secret),
                    new AuthorizationCodeGrant(code, redirectUri(), verifier))
                .build()
                .toHTTPRequest()
                .send());
    if (!answer.indicatesSuccess()) {
      throw new IllegalStateException(
          "token request refused: " + answer.toErrorResponse().getErrorObject());
    }
    OIDCTokenResponse tokens = (OIDCTokenResponse) answer.toSuccessResponse();
    refreshToken = tokens.getOIDCTokens().getRefreshToken();
    idToken =
        new IDTokenValidator(provider.getIssuer(), clientId, JWSAlgorithm.ES256, jwks())
            .validate(tokens.getOIDCTokens().getIDToken(), nonce);
  }

  RefreshToken refreshToken() {
    return refreshToken;
  }

  IDTokenClaimsSet idToken() {
    return idToken;
  }

  /** The token endpoint's answer to the kept refresh token. */
  TokenResponse refresh() throws Exception {
    return TokenResponse.parse(
        new TokenRequest.Builder(
                provider.getTokenEndpointURI(),
                new ClientSecretBasic(clientId, secret),
                new RefreshTokenGrant(refreshToken))
            .build()
            .toHTTPRequest()
            .send());
  }

  /** The first logout token received within {@code patience}, validated against the JWKS. */
  LogoutTokenClaimsSet awaitLogoutToken(Duration patience) throws Exception {
    Instant deadline = Instant.now().plus(patience);
    while (logoutTokens.isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    if (logoutTokens.isEmpty()) {
      throw new AssertionError("no logout token reached the back-channel endpoint in " + patience);
    }
    JWT token = JWTParser.parse(logoutTokens.getFirst());
    return new LogoutTokenValidator(provider.getIssuer(), clientId, JWSAlgorithm.ES256, jwks())
        .validate(token);
  }

  int logoutTokensReceived() {
    return logoutTokens.size();
  }

  private JWKSet jwks() throws Exception {
    return JWKSet.load(provider.getJWKSetURI().toURL());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
