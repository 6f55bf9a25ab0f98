package jp.ishikawa.id.idp.testing;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
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
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A new resident logs in at the portal (Nimbus SDK as the relying party), registers with their
 * card, consents to {@code profile}, and the portal exchanges the code: the tokens a test needs as
 * a starting point.
 */
public final class PortalLogin {

  private PortalLogin() {}

  /** An authorization code the portal has not redeemed yet, with what redeeming it takes. */
  public record Code(AuthorizationCode code, CodeVerifier verifier, URI tokenEndpoint) {

    /** The portal's token request for this code (each call sends one). */
    public TokenResponse redeem() throws Exception {
      return OIDCTokenResponseParser.parse(
          new TokenRequest.Builder(
                  tokenEndpoint,
                  portalAuthentication(),
                  new AuthorizationCodeGrant(code, TestIdentityProvider.PORTAL_REDIRECT, verifier))
              .build()
              .toHTTPRequest()
              .send());
    }
  }

  public static OIDCTokens tokens(TestIdentityProvider idp, TestResident resident)
      throws Exception {
    return ((OIDCTokenResponse) code(idp, resident).redeem().toSuccessResponse()).getOIDCTokens();
  }

  /** As {@link #tokens}, up to the code the portal is redirected with. */
  public static Code code(TestIdentityProvider idp, TestResident resident) throws Exception {
    OIDCProviderMetadata metadata =
        OIDCProviderMetadata.resolve(new Issuer(idp.issuer().toString()));
    CodeVerifier verifier = new CodeVerifier();
    URI authorize =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope("openid", "profile"),
                new ClientID(TestIdentityProvider.PORTAL),
                TestIdentityProvider.PORTAL_REDIRECT)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .state(new State())
            .nonce(new Nonce())
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build()
            .toURI();
    Browser browser = resident.browser();
    browser.get(authorize.toString());
    browser.open("/login");
    HttpResponse<String> consent = browser.follow(resident.logInFromLoginPage());
    Map<String, List<String>> query = query(consent.request().uri());
    HttpResponse<String> approved =
        browser.postForm(
            "/oauth2/authorize",
            Map.of(
                "client_id", query.get("client_id"),
                "state", query.get("state"),
                "scope", List.of("profile")));
    AuthorizationCode code =
        AuthenticationResponseParser.parse(Browser.location(approved))
            .toSuccessResponse()
            .getAuthorizationCode();
    return new Code(code, verifier, metadata.getTokenEndpointURI());
  }

  public static ClientSecretBasic portalAuthentication() {
    return new ClientSecretBasic(
        new ClientID(TestIdentityProvider.PORTAL), new Secret(TestIdentityProvider.PORTAL_SECRET));
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
