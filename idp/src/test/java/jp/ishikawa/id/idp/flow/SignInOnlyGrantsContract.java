package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.consent.ConsentRecord;
import jp.ishikawa.id.idp.consent.ConsentRecordService;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A service that asks only for {@code openid} gets no consent screen, but what it holds is still
 * the resident's to see and to end: the sign-in is recorded and listed, withdrawal and deactivation
 * revoke it, and a deactivated resident gets no token from any grant (issue 7, item 1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SignInOnlyGrantsContract {

  private TestIdentityProvider idp;
  private OIDCProviderMetadata metadata;
  private OidcRelyingParty portal;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() throws Exception {
    idp = SharedIdentityProviders.get(storage());
    metadata = OidcRelyingParty.discover(idp.issuer());
    portal = OidcRelyingParty.portal(metadata);
  }

  /** A new resident signs in to the portal with {@code openid} alone; the portal's tokens. */
  private OIDCTokens signInOnly(TestResident resident) throws Exception {
    OidcRelyingParty.Attempt attempt = portal.authorize("openid");
    return exchange(attempt, codeFor(resident, attempt));
  }

  private AuthorizationCode codeFor(TestResident resident, OidcRelyingParty.Attempt attempt)
      throws Exception {
    Browser browser = resident.browser();
    browser.get(attempt.uri.toString());
    browser.open("/login");
    HttpResponse<String> response = browser.follow(resident.logInFromLoginPage());
    assertThat(response.request().uri().getPath()).isNotEqualTo("/oauth2/consent");
    assertThat(Browser.isRedirect(response)).as(response.body()).isTrue();
    return portal.code(Browser.location(response), attempt);
  }

  private OIDCTokens exchange(OidcRelyingParty.Attempt attempt, AuthorizationCode code)
      throws Exception {
    TokenResponse response = portal.exchange(code, attempt.verifier);
    assertThat(response.indicatesSuccess()).isTrue();
    return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
  }

  private TestResident newResident() {
    return new TestResident(
        idp.issuer(),
        TestCards.issue(idp.pki(), TestFacts.defaults().withName("署名のみ　" + System.nanoTime())));
  }

  private Resident residentOf(OIDCTokens tokens) throws Exception {
    String ishikawaId = tokens.getIDToken().getJWTClaimsSet().getSubject();
    return idp.bean(ResidentService.class).findByIshikawaId(ishikawaId).orElseThrow();
  }

  private List<ConsentRecord> given(Resident resident) {
    return idp.bean(ConsentRecordService.class).history(resident.id()).stream()
        .filter(record -> ConsentRecord.GIVEN.equals(record.status()))
        .toList();
  }

  private static void assertInvalidGrant(TokenResponse response) {
    assertThat(response.indicatesSuccess()).isFalse();
    assertThat(((TokenErrorResponse) response).getErrorObject().getCode())
        .isEqualTo("invalid_grant");
  }

  @Test
  void signInWhenOpenidOnlyThenRecordedAndListedOnTheAccountPage() throws Exception {
    TestResident resident = newResident();
    Resident signedIn = residentOf(signInOnly(resident));

    assertThat(given(signedIn))
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.clientId()).isEqualTo(TestIdentityProvider.PORTAL);
              assertThat(record.dataItems()).containsExactly("openid");
              assertThat(record.collectionMethod()).isEqualTo(ConsentRecordService.SIGN_IN);
            });
    assertThat(resident.browser().get("/account").body())
        .contains(TestIdentityProvider.PORTAL + " service");
  }

  @Test
  void withdrawWhenSignInOnlyThenTheServicesRefreshTokenIsRefused() throws Exception {
    TestResident resident = newResident();
    OIDCTokens tokens = signInOnly(resident);
    ConsentRecord record = given(residentOf(tokens)).getFirst();

    resident.browser().open("/account");
    resident
        .browser()
        .postForm(
            "/account/consents/withdraw",
            Map.of("registeredClientId", List.of(record.registeredClientId())));

    assertInvalidGrant(portal.token(new RefreshTokenGrant(tokens.getRefreshToken())));
  }

  @Test
  void deactivateWhenSignInOnlyThenRefreshAndUserinfoRefused() throws Exception {
    TestResident resident = newResident();
    OIDCTokens tokens = signInOnly(resident);

    resident.browser().open("/account");
    resident.browser().postForm("/account/deactivate", Map.of("confirm", List.of("yes")));

    assertInvalidGrant(portal.token(new RefreshTokenGrant(tokens.getRefreshToken())));
    HTTPResponse userinfo =
        new UserInfoRequest(metadata.getUserInfoEndpointURI(), tokens.getBearerAccessToken())
            .toHTTPRequest()
            .send();
    assertThat(userinfo.getStatusCode()).isEqualTo(401);
  }

  @Test
  void refreshWhenResidentDeactivatedWithAuthorizationStillStoredThenInvalidGrant()
      throws Exception {
    TestResident resident = newResident();
    OIDCTokens tokens = signInOnly(resident);

    // Deactivated without the revocation of the account page: the token endpoint still refuses.
    idp.bean(ResidentService.class).deactivate(residentOf(tokens).id());

    assertInvalidGrant(portal.token(new RefreshTokenGrant(tokens.getRefreshToken())));
  }

  @Test
  void userInfoWhenResidentDeactivatedWithAuthorizationStillStoredThenUnauthorized()
      throws Exception {
    TestResident resident = newResident();
    OIDCTokens tokens = signInOnly(resident);

    idp.bean(ResidentService.class).deactivate(residentOf(tokens).id());

    HTTPResponse userinfo =
        new UserInfoRequest(metadata.getUserInfoEndpointURI(), tokens.getBearerAccessToken())
            .toHTTPRequest()
            .send();
    assertThat(userinfo.getStatusCode()).isEqualTo(401);
    // RFC 6750 §3: the challenge says why, for a library that reads only the header.
    assertThat(userinfo.getWWWAuthenticate())
        .startsWith("Bearer ")
        .contains("error=\"invalid_token\"");
    assertThat(UserInfoResponse.parse(userinfo).toErrorResponse().getErrorObject().getCode())
        .isEqualTo("invalid_token");
  }

  @Test
  void codeExchangeWhenResidentDeactivatedAfterTheCodeWasIssuedThenInvalidGrant() throws Exception {
    TestResident resident = newResident();
    OidcRelyingParty.Attempt attempt = portal.authorize("openid");
    AuthorizationCode code = codeFor(resident, attempt);
    String residentPage = resident.browser().get("/account").body();
    java.util.regex.Matcher id =
        java.util.regex.Pattern.compile("id=\"ishikawa-id\">([0-9A-Z]{20})<").matcher(residentPage);
    assertThat(id.find()).isTrue();
    Resident signedIn = idp.bean(ResidentService.class).findByIshikawaId(id.group(1)).orElseThrow();

    idp.bean(ResidentService.class).deactivate(signedIn.id());

    assertInvalidGrant(portal.exchange(code, attempt.verifier));
  }
}
