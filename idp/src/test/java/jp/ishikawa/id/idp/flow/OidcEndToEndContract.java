package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.idp.token.AuthenticationContextClass;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenID Connect flows end to end, with a standard client library (Nimbus) as the relying
 * party, card-client's protocol code and simulated cards as the card reader, and plain HTTP with
 * cookies as the browser. The same suite runs on the embedded default and on PostgreSQL + Redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OidcEndToEndContract {

  protected TestIdentityProvider idp;
  protected OIDCProviderMetadata metadata;
  protected OidcRelyingParty portal;
  protected OidcRelyingParty coupon;
  protected OidcRelyingParty points;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() throws Exception {
    idp = SharedIdentityProviders.get(storage());
    metadata = OidcRelyingParty.discover(idp.issuer());
    portal =
        new OidcRelyingParty(
            metadata,
            TestIdentityProvider.PORTAL,
            TestIdentityProvider.PORTAL_SECRET,
            TestIdentityProvider.PORTAL_REDIRECT);
    coupon =
        new OidcRelyingParty(
            metadata, TestIdentityProvider.COUPON, null, TestIdentityProvider.COUPON_REDIRECT);
    points =
        new OidcRelyingParty(
            metadata,
            TestIdentityProvider.POINTS,
            TestIdentityProvider.POINTS_SECRET,
            TestIdentityProvider.POINTS_REDIRECT,
            // The points service registered RS256 ID tokens (id-token-signing-alg).
            JWSAlgorithm.RS256);
  }

  protected CardContents newCard(TestFacts facts) {
    return TestCards.issue(idp.pki(), facts);
  }

  protected TestResident newResident() {
    return new TestResident(
        idp.issuer(), newCard(TestFacts.defaults().withName("試験　" + System.nanoTime())));
  }

  /**
   * Runs an authorization request through login (and registration when new) and the consent screen
   * (approving), up to the redirect back to the client.
   */
  protected URI authorizeThroughLogin(
      TestResident resident, OidcRelyingParty client, OidcRelyingParty.Attempt attempt) {
    Browser browser = resident.browser();
    HttpResponse<String> response = browser.get(attempt.uri.toString());
    if (Browser.isRedirect(response) && Browser.location(response).getPath().equals("/login")) {
      browser.open("/login");
      response = resident.logInFromLoginPage();
    }
    response = browser.follow(response);
    if (response.statusCode() == 200
        && response.request().uri().getPath().equals("/oauth2/consent")) {
      response = approveConsent(browser, response);
    }
    assertThat(Browser.isRedirect(response))
        .as(response.statusCode() + " " + response.body())
        .isTrue();
    URI location = Browser.location(response);
    assertThat(location.toString()).startsWith(client.redirectUri.toString());
    return location;
  }

  protected static HttpResponse<String> approveConsent(
      Browser browser, HttpResponse<String> consentPage) {
    Map<String, List<String>> query = query(consentPage.request().uri());
    List<String> scopes =
        List.of(query.get("scope").getFirst().split(" ")).stream()
            .filter(s -> !s.equals("openid"))
            .toList();
    return browser.postForm(
        "/oauth2/authorize",
        Map.of(
            "client_id", query.get("client_id"),
            "state", query.get("state"),
            "scope", scopes));
  }

  protected static Map<String, List<String>> query(URI uri) {
    Map<String, List<String>> values = new java.util.LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      values
          .computeIfAbsent(
              java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
              k -> new java.util.ArrayList<>())
          .add(
              kv.length > 1
                  ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8)
                  : "");
    }
    return values;
  }

  protected OIDCTokens tokens(TokenResponse response) {
    assertThat(response.indicatesSuccess())
        .as(() -> response.toErrorResponse().getErrorObject().toString())
        .isTrue();
    return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
  }

  protected UserInfo userInfo(BearerAccessToken token) throws Exception {
    HTTPResponse http =
        new UserInfoRequest(metadata.getUserInfoEndpointURI(), token).toHTTPRequest().send();
    UserInfoResponse response = UserInfoResponse.parse(http);
    assertThat(response.indicatesSuccess()).as(http.getBody()).isTrue();
    return response.toSuccessResponse().getUserInfo();
  }

  @Test
  void discoveryWhenResolvedThenAdvertisesCodeFlowPkceAndEndpoints() {
    assertThat(metadata.getIssuer().getValue()).isEqualTo(idp.issuer().toString());
    assertThat(metadata.getAuthorizationEndpointURI()).isNotNull();
    assertThat(metadata.getTokenEndpointURI()).isNotNull();
    assertThat(metadata.getUserInfoEndpointURI()).isNotNull();
    assertThat(metadata.getJWKSetURI()).isNotNull();
    assertThat(metadata.getEndSessionEndpointURI()).isNotNull();
    assertThat(metadata.getRevocationEndpointURI()).isNotNull();
    assertThat(metadata.getIntrospectionEndpointURI()).isNotNull();
    assertThat(metadata.getCodeChallengeMethods())
        .extracting(Object::toString)
        .containsExactly("S256");
  }

  @Test
  void fullFlowWhenNewResidentThenRegistersConsentsAndReceivesVerifiedClaims() throws Exception {
    TestResident resident = newResident();
    OidcRelyingParty.Attempt attempt =
        portal.authorize("openid profile birthdate ishikawa_residency");

    URI redirect = authorizeThroughLogin(resident, portal, attempt);

    // Code → tokens; the ID token checked by the library against the published keys.
    AuthorizationCode code = portal.code(redirect, attempt);
    OIDCTokens tokens = tokens(portal.exchange(code, attempt.verifier));
    IDTokenClaimsSet idToken = portal.validate(tokens.getIDToken(), attempt.nonce);
    assertThat(idToken.getIssuer().getValue()).isEqualTo(idp.issuer().toString());
    assertThat(idToken.getAudience())
        .extracting(Object::toString)
        .containsExactly(TestIdentityProvider.PORTAL);
    assertThat(idToken.getNonce()).isEqualTo(attempt.nonce);
    assertThat(idToken.getACR().getValue()).isEqualTo(AuthenticationContextClass.JPKI);
    assertThat(idToken.getAMR()).extracting(Object::toString).contains("sc", "pin", "hwk");
    assertThat(idToken.getAuthenticationTime()).isNotNull();
    String ishikawaId = idToken.getSubject().getValue();
    assertThat(idp.bean(ResidentService.class).findByIshikawaId(ishikawaId)).isPresent();

    // Userinfo: verified facts by scope, derived residency claims, nothing unrequested.
    UserInfo info = userInfo(tokens.getBearerAccessToken());
    assertThat(info.getSubject().getValue()).isEqualTo(ishikawaId);
    assertThat(info.getName()).startsWith("試験");
    assertThat(info.getBirthdate()).isEqualTo("1980-04-01");
    assertThat(info.getBooleanClaim("ishikawa_resident")).isTrue();
    assertThat(info.getStringClaim("municipality_code")).isEqualTo("17201");
    assertThat(info.getBooleanClaim("age_over_18")).isTrue();
    assertThat(info.getBooleanClaim("age_over_20")).isTrue();
    assertThat(info.getAddress()).isNull();
    assertThat(info.getGender()).isNull();

    // Refresh: a new refresh token each time (the old one stops working: checked last, since
    // presenting it again revokes the whole authorization, see StoredTokensContract).
    RefreshToken first = tokens.getRefreshToken();
    OIDCTokens refreshed = tokens(portal.token(new RefreshTokenGrant(first)));
    assertThat(refreshed.getRefreshToken()).isNotEqualTo(first);

    // Revocation: the access token stops working at userinfo and introspection.
    BearerAccessToken access = refreshed.getBearerAccessToken();
    assertThat(userInfo(access).getSubject().getValue()).isEqualTo(ishikawaId);
    HTTPResponse revoke =
        new TokenRevocationRequest(
                metadata.getRevocationEndpointURI(), portal.clientAuthentication(), access)
            .toHTTPRequest()
            .send();
    assertThat(revoke.getStatusCode()).isEqualTo(200);
    HTTPResponse afterRevoke =
        new UserInfoRequest(metadata.getUserInfoEndpointURI(), access).toHTTPRequest().send();
    assertThat(afterRevoke.getStatusCode()).isEqualTo(401);
    TokenIntrospectionResponse introspection =
        TokenIntrospectionResponse.parse(
            new TokenIntrospectionRequest(
                    metadata.getIntrospectionEndpointURI(), portal.clientAuthentication(), access)
                .toHTTPRequest()
                .send());
    assertThat(introspection.toSuccessResponse().isActive()).isFalse();

    // RP-initiated logout (with the newest ID token) ends the IdP session and returns to the
    // registered address.
    State logoutState = new State();
    URI logout =
        new LogoutRequest(
                metadata.getEndSessionEndpointURI(),
                refreshed.getIDToken(),
                TestIdentityProvider.PORTAL_LOGGED_OUT,
                logoutState)
            .toURI();
    HttpResponse<String> loggedOut = resident.browser().get(logout.toString());
    assertThat(Browser.isRedirect(loggedOut))
        .as(loggedOut.statusCode() + " " + loggedOut.body())
        .isTrue();
    assertThat(Browser.location(loggedOut).toString())
        .startsWith(TestIdentityProvider.PORTAL_LOGGED_OUT.toString())
        .contains("state=" + logoutState.getValue());
    HttpResponse<String> account = resident.browser().get("/account");
    assertThat(Browser.location(account).getPath()).isEqualTo("/login");

    TokenResponse replay = portal.token(new RefreshTokenGrant(first));
    assertThat(replay.indicatesSuccess()).isFalse();
    assertThat(((TokenErrorResponse) replay).getErrorObject().getCode()).isEqualTo("invalid_grant");
  }

  @Test
  void authorizeWhenAlreadyLoggedInAndConsentedThenCodeWithoutCardOrConsent() throws Exception {
    TestResident resident = newResident();
    authorizeThroughLogin(resident, portal, portal.authorize("openid profile"));

    OidcRelyingParty.Attempt again = portal.authorize("openid profile");
    HttpResponse<String> response = resident.browser().get(again.uri.toString());

    assertThat(Browser.location(response).toString())
        .startsWith(TestIdentityProvider.PORTAL_REDIRECT.toString());
    assertThat(portal.code(Browser.location(response), again)).isNotNull();
  }

  @Test
  void authorizeWhenPromptLoginThenFreshCardTapRequired() throws Exception {
    TestResident resident = newResident();
    URI first = authorizeThroughLogin(resident, portal, portal.authorize("openid"));
    assertThat(first).isNotNull();

    OidcRelyingParty.Attempt attempt = portal.authorize("openid", b -> b.prompt(Prompt.Type.LOGIN));
    HttpResponse<String> response = resident.browser().get(attempt.uri.toString());

    assertThat(Browser.location(response).getPath()).isEqualTo("/login");
    URI redirect = authorizeThroughLogin(resident, portal, attempt);
    OIDCTokens tokens = tokens(portal.exchange(portal.code(redirect, attempt), attempt.verifier));
    IDTokenClaimsSet claims = portal.validate(tokens.getIDToken(), attempt.nonce);
    assertThat(claims.getAuthenticationTime()).isNotNull();
  }

  @Test
  void authorizeWhenMaxAgeZeroThenFreshCardTapRequired() {
    TestResident resident = newResident();
    authorizeThroughLogin(resident, portal, portal.authorize("openid"));

    OidcRelyingParty.Attempt attempt = portal.authorize("openid", b -> b.maxAge(0));
    HttpResponse<String> response = resident.browser().get(attempt.uri.toString());

    assertThat(Browser.location(response).getPath()).isEqualTo("/login");
  }

  @Test
  void authorizeWhenServiceAsksForMoreThenConsentScreenAgainListingNewItems() {
    TestResident resident = newResident();
    authorizeThroughLogin(resident, portal, portal.authorize("openid profile"));

    OidcRelyingParty.Attempt more = portal.authorize("openid profile address");
    HttpResponse<String> consent =
        resident.browser().follow(resident.browser().get(more.uri.toString()));

    assertThat(consent.request().uri().getPath()).isEqualTo("/oauth2/consent");
    assertThat(consent.body())
        .contains("id=\"consent-approve\"")
        .contains("id=\"consent-deny\"")
        .contains("data-scope=\"address\"")
        .contains("data-scope=\"profile\"");
  }

  @Test
  void consentWhenDeniedThenClientGetsAccessDenied() {
    TestResident resident = newResident();
    OidcRelyingParty.Attempt attempt = portal.authorize("openid profile");
    Browser browser = resident.browser();
    browser.get(attempt.uri.toString());
    browser.open("/login");
    HttpResponse<String> consent = browser.follow(resident.logInFromLoginPage());
    assertThat(consent.request().uri().getPath()).isEqualTo("/oauth2/consent");
    Map<String, List<String>> query = query(consent.request().uri());

    HttpResponse<String> denied =
        browser.postForm(
            "/oauth2/authorize",
            Map.of("client_id", query.get("client_id"), "state", query.get("state")));

    assertThat(Browser.location(denied).toString())
        .startsWith(TestIdentityProvider.PORTAL_REDIRECT.toString())
        .contains("error=access_denied");
  }

  @Test
  void pairwiseClientWhenSameResidentThenStableSubjectOtherThanIshikawaIdAndRs256()
      throws Exception {
    TestResident resident = newResident();
    OidcRelyingParty.Attempt toPortal = portal.authorize("openid");
    URI portalRedirect = authorizeThroughLogin(resident, portal, toPortal);
    String ishikawaId =
        portal
            .validate(
                tokens(portal.exchange(portal.code(portalRedirect, toPortal), toPortal.verifier))
                    .getIDToken(),
                toPortal.nonce)
            .getSubject()
            .getValue();

    OidcRelyingParty.Attempt first = points.authorize("openid ishikawa_residency");
    OIDCTokens firstTokens =
        tokens(
            points.exchange(
                points.code(authorizeThroughLogin(resident, points, first), first),
                first.verifier));
    OidcRelyingParty.Attempt second = points.authorize("openid ishikawa_residency");
    OIDCTokens secondTokens =
        tokens(
            points.exchange(
                points.code(authorizeThroughLogin(resident, points, second), second),
                second.verifier));

    String pairwise =
        points.validate(firstTokens.getIDToken(), first.nonce).getSubject().getValue();
    assertThat(pairwise).isNotEqualTo(ishikawaId);
    assertThat(points.validate(secondTokens.getIDToken(), second.nonce).getSubject().getValue())
        .isEqualTo(pairwise);
    assertThat(firstTokens.getIDToken().getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(userInfo(firstTokens.getBearerAccessToken()).getSubject().getValue())
        .isEqualTo(pairwise);
  }

  @Test
  void publicClientWhenPkceThenTokensWithoutRefreshToken() throws Exception {
    TestResident resident = newResident();
    OidcRelyingParty.Attempt attempt = coupon.authorize("openid ishikawa_residency");

    OIDCTokens tokens =
        tokens(
            coupon.exchange(
                coupon.code(authorizeThroughLogin(resident, coupon, attempt), attempt),
                attempt.verifier));

    assertThat(coupon.validate(tokens.getIDToken(), attempt.nonce)).isNotNull();
    assertThat(tokens.getRefreshToken()).isNull();
    assertThat(userInfo(tokens.getBearerAccessToken()).getBooleanClaim("ishikawa_resident"))
        .isTrue();
  }

  @Test
  void tokenWhenPkceVerifierWrongThenInvalidGrant() throws Exception {
    TestResident resident = newResident();
    OidcRelyingParty.Attempt attempt = portal.authorize("openid");
    AuthorizationCode code = portal.code(authorizeThroughLogin(resident, portal, attempt), attempt);

    TokenResponse response = portal.exchange(code, new CodeVerifier());

    assertThat(response.indicatesSuccess()).isFalse();
    assertThat(((TokenErrorResponse) response).getErrorObject().getCode())
        .isEqualTo("invalid_grant");
  }

  @Test
  void authorizeWhenRedirectUriNotRegisteredThenErrorWithoutRedirect() {
    OidcRelyingParty rogue =
        new OidcRelyingParty(
            metadata,
            TestIdentityProvider.PORTAL,
            TestIdentityProvider.PORTAL_SECRET,
            URI.create("https://attacker.example/callback"));
    HttpResponse<String> response =
        new Browser(idp.issuer()).get(rogue.authorize("openid").uri.toString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void authorizeWhenNoPkceThenRefused() {
    HttpResponse<String> response =
        new Browser(idp.issuer())
            .get(
                metadata.getAuthorizationEndpointURI()
                    + "?response_type=code&client_id="
                    + TestIdentityProvider.PORTAL
                    + "&redirect_uri="
                    + TestIdentityProvider.PORTAL_REDIRECT
                    + "&scope=openid&state=s1");

    assertThat(Browser.location(response).toString())
        .startsWith(TestIdentityProvider.PORTAL_REDIRECT.toString())
        .contains("error=invalid_request");
  }
}
