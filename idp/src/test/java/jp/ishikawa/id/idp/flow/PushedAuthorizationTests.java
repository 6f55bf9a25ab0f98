package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.PushedAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Pushed authorization requests (RFC 9126), with the Nimbus SDK as the relying party configured
 * from discovery: the e-application client pushes its request with {@code private_key_jwt}, sends
 * the resident with the {@code request_uri} only, and must not send a plain request. The pushed
 * request lives in the database (both storages share that code), so it runs on the embedded one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushedAuthorizationTests {

  private TestIdentityProvider idp;
  private OIDCProviderMetadata metadata;
  private final ClientID clientId = new ClientID(TestIdentityProvider.E_APPLICATION);

  @BeforeAll
  void start() throws Exception {
    idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);
    metadata = OidcRelyingParty.discover(idp.issuer());
  }

  private PrivateKeyJWT assertion() throws Exception {
    return new ClientAssertions(
            TestIdentityProvider.E_APPLICATION,
            TestIdentityProvider.E_APPLICATION_KEY,
            metadata.getIssuer().getValue())
        .sign();
  }

  private record Pushed(URI requestUri, long lifetime, CodeVerifier verifier, Nonce nonce) {}

  private Pushed push() throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    Nonce nonce = new Nonce();
    AuthenticationRequest request =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope("openid", "profile"),
                clientId,
                TestIdentityProvider.E_APPLICATION_REDIRECT)
            .state(new State())
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build();
    PushedAuthorizationResponse response =
        PushedAuthorizationResponse.parse(
            new PushedAuthorizationRequest(
                    metadata.getPushedAuthorizationRequestEndpointURI(), assertion(), request)
                .toHTTPRequest()
                .send());
    assertThat(response.indicatesSuccess()).as(response.toString()).isTrue();
    PushedAuthorizationSuccessResponse success = response.toSuccessResponse();
    return new Pushed(success.getRequestURI(), success.getLifetime(), verifier, nonce);
  }

  private URI withRequestUri(URI requestUri) {
    return new AuthorizationRequest.Builder(requestUri, clientId)
        .endpointURI(metadata.getAuthorizationEndpointURI())
        .build()
        .toURI();
  }

  @Test
  void parWhenPushedWithPrivateKeyJwtThenResidentLogsInWithRequestUriAndClientGetsTokens()
      throws Exception {
    assertThat(metadata.getPushedAuthorizationRequestEndpointURI()).isNotNull();
    Pushed pushed = push();
    assertThat(pushed.lifetime()).isPositive();
    TestResident resident = ResidentAuthorization.newResident(idp);

    URI redirect =
        ResidentAuthorization.authorize(
            resident,
            withRequestUri(pushed.requestUri()),
            TestIdentityProvider.E_APPLICATION_REDIRECT);
    AuthorizationCode code =
        AuthorizationResponse.parse(redirect).toSuccessResponse().getAuthorizationCode();
    TokenResponse tokens =
        OIDCTokenResponseParser.parse(
            new TokenRequest.Builder(
                    metadata.getTokenEndpointURI(),
                    assertion(),
                    new AuthorizationCodeGrant(
                        code, TestIdentityProvider.E_APPLICATION_REDIRECT, pushed.verifier()))
                .build()
                .toHTTPRequest()
                .send());

    assertThat(tokens.indicatesSuccess())
        .as(() -> tokens.toErrorResponse().getErrorObject().toJSONObject().toString())
        .isTrue();
    assertThat(((OIDCTokenResponse) tokens).getOIDCTokens().getIDToken().getJWTClaimsSet())
        .satisfies(
            claims ->
                assertThat(claims.getStringClaim("nonce")).isEqualTo(pushed.nonce().getValue()));
  }

  @Test
  void authorizeWhenClientRequiresParAndSendsPlainRequestThenInvalidRequest() {
    URI plain =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope("openid"),
                clientId,
                TestIdentityProvider.E_APPLICATION_REDIRECT)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .state(new State("s1"))
            .nonce(new Nonce())
            .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256)
            .build()
            .toURI();

    HttpResponse<String> response = new Browser(idp.issuer()).get(plain.toString());

    assertThat(Browser.isRedirect(response)).isTrue();
    assertThat(Browser.location(response).toString())
        .startsWith(TestIdentityProvider.E_APPLICATION_REDIRECT.toString())
        .contains("error=invalid_request")
        .contains("state=s1");
  }

  @Test
  void authorizeWhenRequestUriUsedTwiceThenRefusedWithoutRedirect() throws Exception {
    Pushed pushed = push();
    TestResident resident = ResidentAuthorization.newResident(idp);
    ResidentAuthorization.authorize(
        resident, withRequestUri(pushed.requestUri()), TestIdentityProvider.E_APPLICATION_REDIRECT);

    HttpResponse<String> again =
        resident.browser().get(withRequestUri(pushed.requestUri()).toString());

    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void authorizeWhenRequestUriExpiredThenRefusedAndPushedRequestRemoved() throws Exception {
    Pushed pushed = push();
    Browser browser = new Browser(idp.issuer());
    HttpResponse<String> expired;
    try {
      idp.clock().advance(Duration.ofSeconds(pushed.lifetime() + 1));
      expired = browser.get(withRequestUri(pushed.requestUri()).toString());
    } finally {
      idp.clock().reset();
    }

    assertThat(expired.statusCode()).as(expired.headers().toString()).isEqualTo(400);
    assertThat(expired.headers().firstValue("Location")).isEmpty();
    // Removed, not only late: the pushed request is no longer stored.
    String state =
        pushed.requestUri().toString().substring("urn:ietf:params:oauth:request_uri:".length());
    assertThat(
            idp.bean(OAuth2AuthorizationService.class)
                .findByToken(state, new OAuth2TokenType(OAuth2ParameterNames.STATE)))
        .isNull();
  }
}
