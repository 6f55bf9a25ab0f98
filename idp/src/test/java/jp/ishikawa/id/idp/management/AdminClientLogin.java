package jp.ishikawa.id.idp.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;

/**
 * A resident signing in to a service an admin made in the console, with the Nimbus SDK as the
 * relying party: authorization request (PKCE), card login unless the browser has a session, the
 * consent screen unless already consented, code exchange with the client's own authentication,
 * userinfo.
 */
final class AdminClientLogin {

  private AdminClientLogin() {}

  /** Where the authorization step ended: a code at the client, or the IdP's refusal. */
  record Authorization(AuthorizationCode code, CodeVerifier verifier, HttpResponse<String> last) {
    boolean refused() {
      return code == null;
    }
  }

  static OIDCProviderMetadata metadata(TestIdentityProvider idp) throws Exception {
    return OIDCProviderMetadata.resolve(new Issuer(idp.issuer().toString()));
  }

  /** Runs the front channel for {@code clientId}; refused when the IdP does not redirect back. */
  static Authorization authorize(
      TestIdentityProvider idp, TestResident resident, String clientId, URI redirect)
      throws Exception {
    return authorize(idp, resident, clientId, redirect, "profile");
  }

  /** As above, asking for (and consenting to) {@code openid} and {@code scope}. */
  static Authorization authorize(
      TestIdentityProvider idp, TestResident resident, String clientId, URI redirect, String scope)
      throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    URI authorize =
        new AuthenticationRequest.Builder(
                ResponseType.CODE, new Scope("openid", scope), new ClientID(clientId), redirect)
            .endpointURI(metadata(idp).getAuthorizationEndpointURI())
            .state(new State())
            .nonce(new Nonce())
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build()
            .toURI();
    Browser browser = resident.browser();
    HttpResponse<String> response = browser.get(authorize.toString());
    if (Browser.isRedirect(response) && Browser.location(response).getPath().equals("/login")) {
      browser.open("/login");
      response = browser.follow(resident.logInFromLoginPage());
    } else {
      response = browser.follow(response);
    }
    if (!Browser.isRedirect(response)
        && response.statusCode() == 200
        && response.request().uri().getPath().equals("/oauth2/consent")) {
      Map<String, List<String>> query = query(response.request().uri());
      response =
          browser.postForm(
              "/oauth2/authorize",
              Map.of(
                  "client_id", query.get("client_id"),
                  "state", query.get("state"),
                  "scope", List.of(scope)));
    }
    if (!Browser.isRedirect(response)
        || !redirect.getAuthority().equals(Browser.location(response).getAuthority())) {
      return new Authorization(null, verifier, response);
    }
    AuthorizationCode code =
        AuthenticationResponseParser.parse(Browser.location(response))
            .toSuccessResponse()
            .getAuthorizationCode();
    return new Authorization(code, verifier, response);
  }

  static TokenResponse token(
      TestIdentityProvider idp, ClientAuthentication client, AuthorizationGrant grant)
      throws Exception {
    return OIDCTokenResponseParser.parse(
        new TokenRequest.Builder(metadata(idp).getTokenEndpointURI(), client, grant)
            .build()
            .toHTTPRequest()
            .send());
  }

  static TokenResponse exchange(
      TestIdentityProvider idp,
      ClientAuthentication client,
      Authorization authorization,
      URI redirect)
      throws Exception {
    assertThat(authorization.refused()).as(authorization.last().body()).isFalse();
    return token(
        idp,
        client,
        new AuthorizationCodeGrant(authorization.code(), redirect, authorization.verifier()));
  }

  static UserInfoResponse userInfo(TestIdentityProvider idp, BearerAccessToken token)
      throws Exception {
    return UserInfoResponse.parse(
        new UserInfoRequest(metadata(idp).getUserInfoEndpointURI(), token).toHTTPRequest().send());
  }

  static UserInfo userInfoOk(TestIdentityProvider idp, BearerAccessToken token) throws Exception {
    UserInfoResponse response = userInfo(idp, token);
    assertThat(response.indicatesSuccess()).isTrue();
    return response.toSuccessResponse().getUserInfo();
  }

  private static Map<String, List<String>> query(URI uri) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      values
          .computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
          .add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return values;
  }
}
