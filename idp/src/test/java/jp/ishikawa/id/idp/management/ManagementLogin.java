package jp.ishikawa.id.idp.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;

/**
 * The management client ({@code consent-ui}: public, PKCE, public subject type) as a test IdP
 * registers it, and a resident signing in to it with the Nimbus SDK as the relying party: the
 * access token is the management API's.
 */
final class ManagementLogin {

  static final String CLIENT = "consent-ui";
  static final URI REDIRECT = URI.create("https://consent-ui.example/callback");

  private ManagementLogin() {}

  /** The settings that register {@code consent-ui} as client number {@code index}. */
  static Map<String, Object> clientSettings(int index) {
    String prefix = "ishikawa-id.clients[" + index + "].";
    return Map.of(
        prefix + "client-id", CLIENT,
        prefix + "client-name", "マイ いしかわID",
        prefix + "redirect-uris[0]", REDIRECT.toString(),
        prefix + "subject-type", "public",
        prefix + "id-token-signing-alg", "ES256",
        prefix + "scopes[0]", "openid");
  }

  /** Signs the resident in to consent-ui (with a card tap unless their browser has a session). */
  static OIDCTokens tokens(TestIdentityProvider idp, TestResident resident) throws Exception {
    OIDCProviderMetadata metadata =
        OIDCProviderMetadata.resolve(new Issuer(idp.issuer().toString()));
    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    URI authorize =
        new AuthenticationRequest.Builder(
                ResponseType.CODE, new Scope("openid"), new ClientID(CLIENT), REDIRECT)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .state(state)
            .nonce(new Nonce())
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build()
            .toURI();
    Browser browser = resident.browser();
    HttpResponse<String> response = browser.follow(browser.get(authorize.toString()));
    if (!atConsentUi(response)) {
      browser.open("/login");
      response = browser.follow(resident.logInFromLoginPage());
    }
    assertThat(atConsentUi(response)).as(response.body()).isTrue();
    AuthorizationCode code =
        AuthenticationResponseParser.parse(Browser.location(response))
            .toSuccessResponse()
            .getAuthorizationCode();
    TokenResponse tokens =
        OIDCTokenResponseParser.parse(
            new TokenRequest.Builder(
                    metadata.getTokenEndpointURI(),
                    new ClientID(CLIENT),
                    new AuthorizationCodeGrant(code, REDIRECT, verifier))
                .build()
                .toHTTPRequest()
                .send());
    assertThat(tokens.indicatesSuccess()).isTrue();
    return ((OIDCTokenResponse) tokens.toSuccessResponse()).getOIDCTokens();
  }

  private static boolean atConsentUi(HttpResponse<String> response) {
    return Browser.isRedirect(response)
        && REDIRECT.getAuthority().equals(Browser.location(response).getAuthority());
  }
}
