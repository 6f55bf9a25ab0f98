package jp.ishikawa.id.idp.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.net.http.HttpResponse;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.Test;

/**
 * The consent screen shows the resident's own values as the service would receive them (issue 13),
 * no note that contradicts the list, and the privacy policy version as a link to the policy.
 */
class ConsentPageTests {

  private final TestIdentityProvider idp =
      SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);

  private HttpResponse<String> consentPage(TestResident resident, String scope) throws Exception {
    URI authorize =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                Scope.parse(scope),
                new ClientID(TestIdentityProvider.PORTAL),
                TestIdentityProvider.PORTAL_REDIRECT)
            .endpointURI(
                OIDCProviderMetadata.resolve(new Issuer(idp.issuer().toString()))
                    .getAuthorizationEndpointURI())
            .state(new State())
            .nonce(new Nonce())
            .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256)
            .build()
            .toURI();
    Browser browser = resident.browser();
    browser.get(authorize.toString());
    browser.open("/login");
    HttpResponse<String> consent = browser.follow(resident.logInFromLoginPage());
    assertThat(consent.request().uri().getPath()).isEqualTo("/oauth2/consent");
    return consent;
  }

  @Test
  void consentWhenFactsVerifiedThenShowsTheResidentsOwnValues() throws Exception {
    String name = "同意　" + System.nanoTime();
    TestResident resident =
        new TestResident(
            idp.issuer(), TestCards.issue(idp.pki(), TestFacts.defaults().withName(name)));

    String page = consentPage(resident, "openid profile address ishikawa_residency").body();

    assertThat(page)
        .contains("<dd>" + name + "</dd>")
        .contains("<dd>" + TestFacts.defaults().address() + "</dd>")
        .contains("石川県に住んでいる：はい")
        .contains("お住まいの市町：")
        .doesNotContain("そのものは渡しません")
        .contains("href=\"/privacy\"")
        .contains("プライバシーポリシー（" + ConsentRecordService.POLICY_VERSION + " 版）");
  }

  @Test
  void consentWhenRegisteredWithoutFactsThenSaysNothingIsShared() throws Exception {
    TestResident resident = new TestResident(idp.issuer(), TestCards.issue(idp.pki()));

    String page = consentPage(resident, "openid profile").body();

    assertThat(page).contains("確認済みの情報がないため、提供されません");
  }

  @Test
  void privacyPolicyWhenOpenedWithoutLoginThenShowsTheVersionConsentRecordsName() {
    HttpResponse<String> page = new Browser(idp.issuer()).get("/privacy");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains(ConsentRecordService.POLICY_VERSION + " 版");
  }
}
