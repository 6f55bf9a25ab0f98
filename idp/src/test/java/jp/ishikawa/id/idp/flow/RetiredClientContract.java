package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.Test;

/**
 * A client removed from the configuration stops working at the next start (issue 8): its refresh
 * token, its access token and new authorization requests are refused, and discovery forgets what
 * only it used. Needs an IdP of its own, restarted.
 */
abstract class RetiredClientContract {

  protected abstract TestIdentityProvider.Storage storage();

  @Test
  void restartWhenClientRemovedFromConfigurationThenItsTokensAndRequestsAreRefused()
      throws Exception {
    try (TestIdentityProvider idp =
        TestIdentityProvider.start(storage(), DiscoveryTests.legacyClient(3))) {
      OIDCProviderMetadata metadata = OidcRelyingParty.discover(idp.issuer());
      OidcRelyingParty legacy =
          new OidcRelyingParty(
              metadata,
              DiscoveryTests.LEGACY,
              DiscoveryTests.LEGACY_SECRET,
              DiscoveryTests.LEGACY_REDIRECT,
              JWSAlgorithm.ES256);
      TestResident resident =
          new TestResident(
              idp.issuer(),
              TestCards.issue(idp.pki(), TestFacts.defaults().withName("退役　" + System.nanoTime())));
      OidcRelyingParty.Attempt attempt = legacy.authorize("openid");
      Browser browser = resident.browser();
      browser.get(attempt.uri.toString());
      browser.open("/login");
      HttpResponse<String> response = browser.follow(resident.logInFromLoginPage());
      URI redirect = Browser.location(response);
      OIDCTokens tokens =
          OidcEndToEndContractSupport.tokens(
              OIDCTokenResponseParser.parse(
                  new com.nimbusds.oauth2.sdk.TokenRequest.Builder(
                          metadata.getTokenEndpointURI(),
                          new ClientSecretPost(
                              legacy.clientId, new Secret(DiscoveryTests.LEGACY_SECRET)),
                          new com.nimbusds.oauth2.sdk.AuthorizationCodeGrant(
                              legacy.code(redirect, attempt),
                              DiscoveryTests.LEGACY_REDIRECT,
                              attempt.verifier))
                      .build()
                      .toHTTPRequest()
                      .send()));
      assertThat(tokens.getRefreshToken()).isNotNull();

      idp.restart(Map.of());

      TokenResponse refresh =
          OIDCTokenResponseParser.parse(
              new com.nimbusds.oauth2.sdk.TokenRequest.Builder(
                      metadata.getTokenEndpointURI(),
                      new ClientSecretPost(
                          legacy.clientId, new Secret(DiscoveryTests.LEGACY_SECRET)),
                      new RefreshTokenGrant(tokens.getRefreshToken()))
                  .build()
                  .toHTTPRequest()
                  .send());
      assertThat(refresh.indicatesSuccess()).isFalse();
      assertThat(refresh.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_client");
      HTTPResponse userInfo =
          new UserInfoRequest(metadata.getUserInfoEndpointURI(), tokens.getBearerAccessToken())
              .toHTTPRequest()
              .send();
      assertThat(userInfo.getStatusCode()).isEqualTo(401);
      HttpResponse<String> authorize =
          new Browser(idp.issuer()).get(legacy.authorize("openid").uri.toString());
      assertThat(authorize.statusCode()).isEqualTo(400);
      Map<String, Object> document =
          Browser.json(new Browser(idp.issuer()).getJson("/.well-known/openid-configuration"));
      assertThat(String.valueOf(document.get("token_endpoint_auth_methods_supported")))
          .doesNotContain("client_secret_post");
    }
  }
}
