package jp.ishikawa.id.idp.load;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The portal as a relying party (confidential, {@code client_secret_basic}), built from the Nimbus
 * OAuth 2.0 / OpenID Connect SDK as {@code flow.OidcRelyingParty} is: authorization requests with
 * PKCE S256, state and nonce; code exchange; refresh; userinfo. Requests go over the harness's
 * shared HTTP clients instead of Nimbus's own connection per request, so that the harness measures
 * the IdP rather than connection set-up.
 */
final class PortalClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** One authorization request in flight. */
  record Attempt(URI uri, CodeVerifier verifier, State state, Nonce nonce) {}

  private final OIDCProviderMetadata metadata;
  private final HttpClient http;
  private final ClientSecretBasic authentication =
      new ClientSecretBasic(
          new ClientID(TestIdentityProvider.PORTAL),
          new Secret(TestIdentityProvider.PORTAL_SECRET));

  PortalClient(OIDCProviderMetadata metadata, HttpClient http) {
    this.metadata = metadata;
    this.http = http;
  }

  /** Discovers the IdP's endpoints (once, outside any measurement). */
  static OIDCProviderMetadata discover(URI issuer) {
    try {
      return OIDCProviderMetadata.resolve(new Issuer(issuer.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (com.nimbusds.oauth2.sdk.GeneralException e) {
      throw new IllegalStateException("discovery failed", e);
    }
  }

  Attempt authorize(String scope) {
    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    Nonce nonce = new Nonce();
    URI uri =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                Scope.parse(scope),
                authentication.getClientID(),
                TestIdentityProvider.PORTAL_REDIRECT)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .state(state)
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build()
            .toURI();
    return new Attempt(uri, verifier, state, nonce);
  }

  /** The code from the redirect back to the portal, after checking {@code state}. */
  AuthorizationCode code(URI redirect, Attempt attempt) {
    if (!redirect.toString().startsWith(TestIdentityProvider.PORTAL_REDIRECT.toString())) {
      throw new FlowFailure("authorize: redirect to " + redirect.getHost() + redirect.getPath());
    }
    AuthenticationResponse response;
    try {
      response = AuthenticationResponseParser.parse(redirect);
    } catch (ParseException e) {
      throw new FlowFailure("authorize: unparsable redirect");
    }
    if (!response.indicatesSuccess()) {
      throw new FlowFailure("authorize: " + response.toErrorResponse().getErrorObject().getCode());
    }
    if (!attempt.state().equals(response.getState())) {
      throw new FlowFailure("authorize: state mismatch");
    }
    return response.toSuccessResponse().getAuthorizationCode();
  }

  /** Code → tokens; the ID token must carry the request's nonce. */
  OIDCTokens exchange(AuthorizationCode code, Attempt attempt) {
    OIDCTokens tokens =
        token(
            new AuthorizationCodeGrant(
                code, TestIdentityProvider.PORTAL_REDIRECT, attempt.verifier()));
    try {
      Object nonce = tokens.getIDToken().getJWTClaimsSet().getClaim("nonce");
      if (!attempt.nonce().getValue().equals(nonce)) {
        throw new FlowFailure("token: ID token nonce mismatch");
      }
    } catch (java.text.ParseException e) {
      throw new FlowFailure("token: unparsable ID token");
    }
    return tokens;
  }

  OIDCTokens refresh(RefreshToken refreshToken) {
    OIDCTokens tokens = token(new RefreshTokenGrant(refreshToken));
    if (tokens.getRefreshToken() == null) {
      throw new FlowFailure("refresh: no new refresh token");
    }
    return tokens;
  }

  /** Userinfo with the access token: a 200 JSON object with a {@code sub}. */
  void userInfo(BearerAccessToken accessToken) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(metadata.getUserInfoEndpointURI())
                .header("Authorization", accessToken.toAuthorizationHeader())
                .header("Accept", "application/json")
                .GET());
    if (response.statusCode() != 200) {
      throw new FlowFailure("userinfo: " + response.statusCode());
    }
    JsonNode json = JSON.readTree(response.body());
    if (!json.hasNonNull("sub")) {
      throw new FlowFailure("userinfo: no sub");
    }
  }

  private OIDCTokens token(AuthorizationGrant grant) {
    HTTPRequest request =
        new TokenRequest.Builder(metadata.getTokenEndpointURI(), authentication, grant)
            .build()
            .toHTTPRequest();
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(request.getURI())
                .header("Authorization", request.getAuthorization())
                .header("Content-Type", request.getEntityContentType().toString())
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.getBody())));
    HTTPResponse nimbus = new HTTPResponse(response.statusCode());
    nimbus.setEntityContentType(ContentType.APPLICATION_JSON);
    nimbus.setBody(response.body());
    TokenResponse parsed;
    try {
      parsed = OIDCTokenResponseParser.parse(nimbus);
    } catch (ParseException e) {
      throw new FlowFailure("token: unparsable response, status " + response.statusCode());
    }
    if (!parsed.indicatesSuccess()) {
      throw new FlowFailure(
          "token: "
              + response.statusCode()
              + " "
              + parsed.toErrorResponse().getErrorObject().getCode());
    }
    return ((OIDCTokenResponse) parsed.toSuccessResponse()).getOIDCTokens();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
