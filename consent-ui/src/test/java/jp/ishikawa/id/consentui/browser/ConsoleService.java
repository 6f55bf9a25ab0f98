package jp.ishikawa.id.consentui.browser;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
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
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A service registered by a staff member in the console, as its vendor would build it with the
 * Nimbus OAuth 2.0 / OpenID Connect SDK and none of our code: its client id and the secret the
 * console showed once are given to it after the fact. It logs a resident in (authorization code
 * with PKCE, client_secret_basic) at whichever IdP node it is pointed to, and keeps the signed ID
 * token as received, so a test can verify it again later (after a key rotation). A tiny HTTP server
 * answers its redirect ({@code /callback}) so the browser lands somewhere.
 */
final class ConsoleService implements AutoCloseable {

  private final HttpServer server;
  private ClientID clientId;
  private Secret secret;
  private OIDCProviderMetadata provider;
  private URI authorizationEndpoint;
  private URI tokenEndpoint;
  private URI jwksEndpoint;
  private State state;
  private Nonce nonce;
  private CodeVerifier verifier;
  private SignedJWT idToken;
  private IDTokenClaimsSet claims;

  ConsoleService() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/callback",
        exchange -> {
          byte[] body = "signed in".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  URI redirectUri() {
    return URI.create("http://localhost:" + server.getAddress().getPort() + "/callback");
  }

  /** The credentials the staff member registered (the secret as the console showed it once). */
  void credentials(String clientId, String secret) {
    this.clientId = new ClientID(clientId);
    this.secret = new Secret(secret);
  }

  /**
   * Reads the issuer's discovery document from {@code node} (an IdP node's own address) and talks
   * to that node: the issuer in the document is the cluster's, the endpoints are the node's.
   */
  void useNode(Issuer issuer, URI node) throws Exception {
    provider =
        OIDCProviderMetadata.parse(
            new String(
                node.resolve("/.well-known/openid-configuration")
                    .toURL()
                    .openStream()
                    .readAllBytes(),
                StandardCharsets.UTF_8));
    if (!provider.getIssuer().equals(issuer)) {
      throw new IllegalStateException("node " + node + " names issuer " + provider.getIssuer());
    }
    authorizationEndpoint = onNode(provider.getAuthorizationEndpointURI(), node);
    tokenEndpoint = onNode(provider.getTokenEndpointURI(), node);
    jwksEndpoint = onNode(provider.getJWKSetURI(), node);
  }

  private static URI onNode(URI endpoint, URI node) {
    return node.resolve(endpoint.getRawPath());
  }

  /** Where the browser starts the service's login. */
  URI authorizationRequest() {
    state = new State();
    nonce = new Nonce();
    verifier = new CodeVerifier();
    return new AuthenticationRequest.Builder(
            new ResponseType("code"), new Scope("openid", "profile"), clientId, redirectUri())
        .endpointURI(authorizationEndpoint)
        .state(state)
        .nonce(nonce)
        .codeChallenge(verifier, CodeChallengeMethod.S256)
        .build()
        .toURI();
  }

  /** Redeems the code the browser brought back and validates the ID token (ES256, the JWKS). */
  IDTokenClaimsSet redeem(URI callback) throws Exception {
    AuthorizationResponse response = AuthorizationResponse.parse(callback);
    if (!response.indicatesSuccess() || !state.equals(response.getState())) {
      throw new IllegalStateException("the login did not succeed: " + callback);
    }
    AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
    TokenResponse answer =
        OIDCTokenResponseParser.parse(
            new TokenRequest.Builder(
                    tokenEndpoint,
                    new ClientSecretBasic(clientId, secret),
                    new AuthorizationCodeGrant(code, redirectUri(), verifier))
                .build()
                .toHTTPRequest()
                .send());
    if (!answer.indicatesSuccess()) {
      throw new IllegalStateException(
          "token request refused: " + answer.toErrorResponse().getErrorObject());
    }
    JWT token = ((OIDCTokenResponse) answer.toSuccessResponse()).getOIDCTokens().getIDToken();
    idToken = (SignedJWT) token;
    claims =
        new IDTokenValidator(provider.getIssuer(), clientId, JWSAlgorithm.ES256, jwks())
            .validate(idToken, nonce);
    return claims;
  }

  /**
   * Validates an ID token this service received earlier (its signature against the JWKS as it is
   * now, issuer, audience, lifetime, and the nonce of the login it came from).
   */
  IDTokenClaimsSet validate(SignedJWT token, IDTokenClaimsSet received) throws Exception {
    return new IDTokenValidator(provider.getIssuer(), clientId, JWSAlgorithm.ES256, jwks())
        .validate(SignedJWT.parse(token.serialize()), received.getNonce());
  }

  JWKSet jwks() throws Exception {
    return JWKSet.load(jwksEndpoint.toURL());
  }

  SignedJWT idToken() {
    return idToken;
  }

  IDTokenClaimsSet claims() {
    return claims;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
