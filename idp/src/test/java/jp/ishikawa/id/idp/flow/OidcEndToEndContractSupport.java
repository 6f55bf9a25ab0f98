package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.testpki.TestFacts;

/** Token and userinfo steps shared by the protocol test classes, as Nimbus does them. */
final class OidcEndToEndContractSupport {

  private OidcEndToEndContractSupport() {}

  static OIDCTokens tokens(TokenResponse response) {
    assertThat(response.indicatesSuccess())
        .as(() -> response.toErrorResponse().getErrorObject().toString())
        .isTrue();
    return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
  }

  /**
   * A new resident with a new card (named {@code name} and a unique suffix) signs in to {@code
   * portal} for {@code openid profile} and consents; the portal's tokens, the ID token checked as
   * the relying party checks it.
   */
  static OIDCTokens newResidentSignsIn(
      TestIdentityProvider idp, OidcRelyingParty portal, String name) throws Exception {
    TestResident resident =
        new TestResident(
            idp.issuer(),
            TestCards.issue(idp.pki(), TestFacts.defaults().withName(name + System.nanoTime())));
    OidcRelyingParty.Attempt attempt = portal.authorize("openid profile");
    Browser browser = resident.browser();
    browser.get(attempt.uri.toString());
    browser.open("/login");
    HttpResponse<String> consent = browser.follow(resident.logInFromLoginPage());
    URI redirect = Browser.location(OidcEndToEndContract.approveConsent(browser, consent));
    OIDCTokens tokens = tokens(portal.exchange(portal.code(redirect, attempt), attempt.verifier));
    portal.validate(tokens.getIDToken(), attempt.nonce);
    return tokens;
  }

  static UserInfo userInfo(OIDCProviderMetadata metadata, BearerAccessToken token)
      throws Exception {
    HTTPResponse http =
        new UserInfoRequest(metadata.getUserInfoEndpointURI(), token).toHTTPRequest().send();
    UserInfoResponse response = UserInfoResponse.parse(http);
    assertThat(response.indicatesSuccess()).as(http.getBody()).isTrue();
    return response.toSuccessResponse().getUserInfo();
  }
}
