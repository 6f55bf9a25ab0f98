package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.idp.token.AuthenticationContextClass;
import jp.ishikawa.id.idp.token.HashedTokenAuthorizationService;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Authorization request semantics per OIDC Core §3.1.2 (issue 8 part 2, issue 7 items 4, 7, 12):
 * {@code prompt}, {@code max_age}, {@code acr}, {@code claims}, RFC 9207 {@code iss}, and one test
 * per refused parameter. The relying party is Nimbus, configured from discovery.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuthorizationRequestContract {

  protected TestIdentityProvider idp;
  protected OIDCProviderMetadata metadata;
  protected OidcRelyingParty portal;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() throws Exception {
    idp = SharedIdentityProviders.get(storage());
    metadata = OidcRelyingParty.discover(idp.issuer());
    portal = OidcRelyingParty.portal(metadata);
  }

  private TestResident newResident() {
    return new TestResident(
        idp.issuer(),
        TestCards.issue(idp.pki(), TestFacts.defaults().withName("要求　" + System.nanoTime())));
  }

  /** Login (and registration) and consent as needed, up to the redirect to the client. */
  private URI throughLogin(TestResident resident, OidcRelyingParty.Attempt attempt) {
    Browser browser = resident.browser();
    HttpResponse<String> response = browser.get(attempt.uri.toString());
    if (Browser.isRedirect(response) && Browser.location(response).getPath().equals("/login")) {
      browser.open("/login");
      response = resident.logInFromLoginPage();
    }
    response = browser.follow(response);
    if (response.statusCode() == 200
        && response.request().uri().getPath().equals("/oauth2/consent")) {
      response = OidcEndToEndContract.approveConsent(browser, response);
    }
    assertThat(Browser.isRedirect(response)).as(response.body()).isTrue();
    return Browser.location(response);
  }

  private TestResident signedIn() {
    TestResident resident = newResident();
    throughLogin(resident, portal.authorize("openid"));
    return resident;
  }

  private static Map<String, List<String>> query(URI uri) {
    return OidcEndToEndContract.query(uri);
  }

  private static void assertClientError(URI redirect, String error, State state, URI issuer) {
    assertThat(redirect.toString()).startsWith(TestIdentityProvider.PORTAL_REDIRECT.toString());
    Map<String, List<String>> query = query(redirect);
    assertThat(query.get("error")).containsExactly(error);
    assertThat(query.get("state")).containsExactly(state.getValue());
    assertThat(query.get("iss")).containsExactly(issuer.toString());
  }

  private HttpResponse<String> get(Browser browser, OidcRelyingParty.Attempt attempt) {
    return browser.get(attempt.uri.toString());
  }

  private OidcRelyingParty.Attempt withExtra(String scope, String name, String value) {
    OidcRelyingParty.Attempt attempt = portal.authorize(scope);
    attempt.uri =
        URI.create(
            attempt.uri
                + "&"
                + name
                + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
    return attempt;
  }

  @Test
  void authorizeWhenSuccessThenIssInResponse() throws Exception {
    TestResident resident = newResident();
    OidcRelyingParty.Attempt attempt = portal.authorize("openid");

    URI redirect = throughLogin(resident, attempt);

    assertThat(query(redirect).get("iss")).containsExactly(idp.issuer().toString());
    assertThat(portal.code(redirect, attempt)).isNotNull();
  }

  @Test
  void authorizeWhenPromptNoneWithoutSessionThenLoginRequiredNotLoginPage() {
    OidcRelyingParty.Attempt attempt = portal.authorize("openid", b -> b.prompt(Prompt.Type.NONE));

    HttpResponse<String> response = get(new Browser(idp.issuer()), attempt);

    assertClientError(Browser.location(response), "login_required", attempt.state, idp.issuer());
  }

  @Test
  void authorizeWhenPromptNoneAndSignedInThenCodeWithoutInteraction() throws Exception {
    TestResident resident = signedIn();
    OidcRelyingParty.Attempt attempt = portal.authorize("openid", b -> b.prompt(Prompt.Type.NONE));

    HttpResponse<String> response = get(resident.browser(), attempt);

    assertThat(portal.code(Browser.location(response), attempt)).isNotNull();
  }

  @Test
  void authorizeWhenPromptNoneAndConsentMissingThenConsentRequired() {
    TestResident resident = signedIn();
    OidcRelyingParty.Attempt attempt =
        portal.authorize("openid profile", b -> b.prompt(Prompt.Type.NONE));

    HttpResponse<String> response = get(resident.browser(), attempt);

    assertClientError(Browser.location(response), "consent_required", attempt.state, idp.issuer());
  }

  @Test
  void authorizeWhenPromptNoneAndMaxAgeExceededThenLoginRequired() {
    TestResident resident = signedIn();
    idp.clock().advance(java.time.Duration.ofMinutes(10));
    try {
      OidcRelyingParty.Attempt attempt =
          portal.authorize("openid", b -> b.prompt(Prompt.Type.NONE).maxAge(60));

      HttpResponse<String> response = get(resident.browser(), attempt);

      assertClientError(Browser.location(response), "login_required", attempt.state, idp.issuer());
    } finally {
      idp.clock().reset();
    }
  }

  @Test
  void authorizeWhenPromptLoginForUnknownClientThenResidentStaysSignedIn() {
    TestResident resident = signedIn();
    String attack =
        metadata.getAuthorizationEndpointURI()
            + "?response_type=code&client_id=no-such-client&scope=openid&prompt=login"
            + "&redirect_uri=https://attacker.example/cb";

    HttpResponse<String> response = resident.browser().get(attack);

    assertThat(response.statusCode()).isEqualTo(400);
    HttpResponse<String> account = resident.browser().get("/account");
    assertThat(account.statusCode()).isEqualTo(200);
  }

  @Test
  void authorizeWhenPromptLoginWithUnregisteredRedirectThenResidentStaysSignedIn() {
    TestResident resident = signedIn();
    OidcRelyingParty.Attempt attempt = portal.authorize("openid", b -> b.prompt(Prompt.Type.LOGIN));
    String attack =
        attempt
            .uri
            .toString()
            .replace(
                URLEncoder.encode(
                    TestIdentityProvider.PORTAL_REDIRECT.toString(), StandardCharsets.UTF_8),
                URLEncoder.encode("https://attacker.example/cb", StandardCharsets.UTF_8));

    HttpResponse<String> response = resident.browser().get(attack);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(resident.browser().get("/account").statusCode()).isEqualTo(200);
  }

  @Test
  void authorizeWhenPromptConsentAfterConsentThenConsentScreenAgain() {
    TestResident resident = newResident();
    throughLogin(resident, portal.authorize("openid profile"));
    OidcRelyingParty.Attempt again =
        portal.authorize("openid profile", b -> b.prompt(Prompt.Type.CONSENT));

    HttpResponse<String> consent =
        resident.browser().follow(resident.browser().get(again.uri.toString()));

    assertThat(consent.request().uri().getPath()).isEqualTo("/oauth2/consent");
    assertThat(consent.body()).contains("data-scope=\"profile\"");
  }

  @Test
  void authorizeWhenConsentedWithoutPromptThenNoConsentScreen() throws Exception {
    TestResident resident = newResident();
    throughLogin(resident, portal.authorize("openid profile"));
    OidcRelyingParty.Attempt again = portal.authorize("openid profile");

    HttpResponse<String> response = resident.browser().get(again.uri.toString());

    assertThat(portal.code(Browser.location(response), again)).isNotNull();
  }

  @Test
  void authorizeWhenPromptSelectAccountThenCardTapChoosesTheAccount() throws Exception {
    TestResident resident = signedIn();
    OidcRelyingParty.Attempt attempt =
        portal.authorize("openid", b -> b.prompt(Prompt.Type.SELECT_ACCOUNT));

    HttpResponse<String> response = get(resident.browser(), attempt);

    assertThat(Browser.location(response).getPath()).isEqualTo("/login");
    URI redirect = throughLogin(resident, attempt);
    assertThat(portal.code(redirect, attempt)).isNotNull();
  }

  @Test
  void authorizeWhenMaxAgeZeroThenOneFreshTapSatisfiesIt() throws Exception {
    TestResident resident = signedIn();
    OidcRelyingParty.Attempt attempt = portal.authorize("openid", b -> b.maxAge(0));

    URI redirect = throughLogin(resident, attempt);

    // The tap made for this request satisfied max_age=0: a code, not the login page again.
    OIDCTokens tokens =
        OidcEndToEndContractSupport.tokens(
            portal.exchange(portal.code(redirect, attempt), attempt.verifier));
    assertThat(portal.validate(tokens.getIDToken(), attempt.nonce).getAuthenticationTime())
        .isNotNull();
  }

  @Test
  void authorizeWhenVoluntaryUnknownAcrThenLoginWithTheAcrWeHave() throws Exception {
    TestResident resident = newResident();
    OidcRelyingParty.Attempt attempt = withExtra("openid", "acr_values", "urn:example:unknown-acr");

    URI redirect = throughLogin(resident, attempt);

    IDTokenClaimsSet idToken = idToken(redirect, attempt);
    assertThat(idToken.getACR().getValue()).isEqualTo(AuthenticationContextClass.JPKI);
  }

  @Test
  void authorizeWhenEssentialAcrMetThenIdTokenCarriesIt() throws Exception {
    TestResident resident = newResident();
    OidcRelyingParty.Attempt attempt =
        withExtra(
            "openid",
            "claims",
            "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\""
                + AuthenticationContextClass.JPKI
                + "\"]}}}");

    URI redirect = throughLogin(resident, attempt);

    assertThat(idToken(redirect, attempt).getACR().getValue())
        .isEqualTo(AuthenticationContextClass.JPKI);
  }

  @Test
  void authorizeWhenEssentialAcrUnknownThenUnmetAuthenticationRequirements() {
    TestResident resident = signedIn();
    OidcRelyingParty.Attempt attempt =
        withExtra(
            "openid",
            "claims",
            "{\"id_token\":{\"acr\":{\"essential\":true,\"value\":\"urn:example:unknown-acr\"}}}");

    HttpResponse<String> response = get(resident.browser(), attempt);

    assertClientError(
        Browser.location(response),
        "unmet_authentication_requirements",
        attempt.state,
        idp.issuer());
  }

  @Test
  void authorizeWhenEssentialNameViaClaimsThenConsentListsItAndItIsReleased() throws Exception {
    TestResident resident = newResident();
    OidcRelyingParty.Attempt attempt =
        withExtra(
            "openid",
            "claims",
            "{\"userinfo\":{\"name\":{\"essential\":true}},\"id_token\":{\"name\":null}}");
    Browser browser = resident.browser();
    browser.get(attempt.uri.toString());
    browser.open("/login");
    HttpResponse<String> consent = browser.follow(resident.logInFromLoginPage());
    assertThat(consent.request().uri().getPath()).isEqualTo("/oauth2/consent");
    assertThat(consent.body()).contains("data-scope=\"profile\"");

    URI redirect = Browser.location(OidcEndToEndContract.approveConsent(browser, consent));

    OIDCTokens tokens =
        OidcEndToEndContractSupport.tokens(
            portal.exchange(portal.code(redirect, attempt), attempt.verifier));
    assertThat(portal.validate(tokens.getIDToken(), attempt.nonce).getStringClaim("name"))
        .startsWith("要求");
    assertThat(
            OidcEndToEndContractSupport.userInfo(metadata, tokens.getBearerAccessToken()).getName())
        .startsWith("要求");
  }

  /**
   * Privacy at rest: an ID token may carry the resident's facts ({@code claims} parameter), but the
   * stored authorization keeps only its protocol claims, in the IdP's own JSON form. A refresh
   * still answers an ID token with the fact (read again from the encrypted store) and the first
   * login's {@code sid} and {@code auth_time}.
   */
  @Test
  void tokensWhenIdTokenCarriesTheNameThenStoredAuthorizationHoldsNoFactAndRefreshStillCarriesIt()
      throws Exception {
    TestResident resident = newResident();
    OidcRelyingParty.Attempt attempt =
        withExtra("openid", "claims", "{\"id_token\":{\"name\":null}}");
    OIDCTokens tokens =
        OidcEndToEndContractSupport.tokens(
            portal.exchange(
                portal.code(throughLogin(resident, attempt), attempt), attempt.verifier));
    JWTClaimsSet first = tokens.getIDToken().getJWTClaimsSet();
    String name = first.getStringClaim("name");
    assertThat(name).startsWith("要求");

    Map<String, Object> row =
        idp.bean(JdbcClient.class)
            .sql("SELECT * FROM oauth2_authorization WHERE access_token_value = ?")
            .param(HashedTokenAuthorizationService.hash(tokens.getAccessToken().getValue()))
            .query()
            .singleRow();
    for (Object column : row.values()) {
      assertThat(String.valueOf(column)).doesNotContain(name).doesNotContain("要求");
    }
    for (String column :
        List.of(
            "attributes",
            "authorization_code_metadata",
            "access_token_metadata",
            "oidc_id_token_metadata",
            "refresh_token_metadata")) {
      assertThat((String) row.get(column))
          .as(column)
          .startsWith("{\"@format\":\"ishikawa-id/1\"")
          .doesNotContain("@class");
    }
    assertThat((String) row.get("oidc_id_token_metadata"))
        .contains("\"sid\"", "\"aud\"", "\"auth_time\"");

    OIDCTokens refreshed =
        OidcEndToEndContractSupport.tokens(
            portal.token(new RefreshTokenGrant(tokens.getRefreshToken())));
    JWTClaimsSet second = refreshed.getIDToken().getJWTClaimsSet();
    assertThat(second.getStringClaim("name")).isEqualTo(name);
    assertThat(second.getStringClaim("sid")).isNotNull().isEqualTo(first.getStringClaim("sid"));
    assertThat(second.getDateClaim("auth_time")).isEqualTo(first.getDateClaim("auth_time"));
  }

  @Test
  void authorizeWhenUiLocalesPreferEnglishThenLoginPageInEnglish() {
    Browser browser = new Browser(idp.issuer());
    OidcRelyingParty.Attempt attempt = withExtra("openid", "ui_locales", "fr-CA en ja");

    HttpResponse<String> login = browser.follow(browser.get(attempt.uri.toString()));

    assertThat(login.request().uri().getPath()).isEqualTo("/login");
    assertThat(login.body()).contains("<html lang=\"en\">");
  }

  @Test
  void authorizeWhenUiLocalesNoneSupportedThenJapaneseAndNoError() {
    Browser browser = new Browser(idp.issuer());
    OidcRelyingParty.Attempt attempt = withExtra("openid", "ui_locales", "fr de");

    HttpResponse<String> login = browser.follow(browser.get(attempt.uri.toString()));

    assertThat(login.request().uri().getPath()).isEqualTo("/login");
    assertThat(login.body()).contains("<html lang=\"ja\">");
  }

  /** Signs {@code resident} in at the portal and returns the ID token it got. */
  private String portalIdToken(TestResident resident) throws Exception {
    OidcRelyingParty.Attempt attempt = portal.authorize("openid");
    URI redirect = throughLogin(resident, attempt);
    return OidcEndToEndContractSupport.tokens(
            portal.exchange(portal.code(redirect, attempt), attempt.verifier))
        .getIDToken()
        .serialize();
  }

  @Test
  void authorizeWhenIdTokenHintOfTheSignedInResidentAndPromptNoneThenCode() throws Exception {
    TestResident resident = newResident();
    String hint = portalIdToken(resident);
    OidcRelyingParty.Attempt attempt = withExtra("openid", "id_token_hint", hint);
    attempt.uri = URI.create(attempt.uri + "&prompt=none");

    HttpResponse<String> response = get(resident.browser(), attempt);

    assertThat(portal.code(Browser.location(response), attempt)).isNotNull();
  }

  @Test
  void authorizeWhenIdTokenHintOfAnotherResidentThenLoginRequired() throws Exception {
    String otherResidentsHint = portalIdToken(newResident());
    TestResident resident = signedIn();
    OidcRelyingParty.Attempt attempt = withExtra("openid", "id_token_hint", otherResidentsHint);

    HttpResponse<String> response = get(resident.browser(), attempt);

    assertClientError(Browser.location(response), "login_required", attempt.state, idp.issuer());
  }

  @Test
  void authorizeWhenIdTokenHintForgedThenInvalidRequest() throws Exception {
    String hint = portalIdToken(newResident());
    String[] parts = hint.split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    OidcRelyingParty.Attempt attempt = withExtra("openid", "id_token_hint", forged);

    HttpResponse<String> response = get(new Browser(idp.issuer()), attempt);

    assertClientError(Browser.location(response), "invalid_request", attempt.state, idp.issuer());
  }

  @Test
  void authorizeWhenIdTokenHintIssuedToAnotherClientThenInvalidRequest() throws Exception {
    TestResident resident = newResident();
    OidcRelyingParty coupon =
        new OidcRelyingParty(
            metadata,
            TestIdentityProvider.COUPON,
            null,
            TestIdentityProvider.COUPON_REDIRECT,
            JWSAlgorithm.ES256);
    OidcRelyingParty.Attempt toCoupon = coupon.authorize("openid");
    URI couponRedirect = throughLogin(resident, toCoupon);
    String couponsHint =
        OidcEndToEndContractSupport.tokens(
                coupon.exchange(coupon.code(couponRedirect, toCoupon), toCoupon.verifier))
            .getIDToken()
            .serialize();
    OidcRelyingParty.Attempt attempt = withExtra("openid", "id_token_hint", couponsHint);

    HttpResponse<String> response = get(resident.browser(), attempt);

    assertClientError(Browser.location(response), "invalid_request", attempt.state, idp.issuer());
  }

  @Test
  void authorizeWhenRequestObjectThenRequestNotSupported() {
    OidcRelyingParty.Attempt attempt = withExtra("openid", "request", "eyJhbGciOiJub25lIn0.e30.");

    HttpResponse<String> response = get(new Browser(idp.issuer()), attempt);

    assertClientError(
        Browser.location(response), "request_not_supported", attempt.state, idp.issuer());
  }

  @Test
  void authorizeWhenRequestUriThenRequestUriNotSupported() {
    OidcRelyingParty.Attempt attempt =
        withExtra("openid", "request_uri", "https://portal.example/request.jwt");

    HttpResponse<String> response = get(new Browser(idp.issuer()), attempt);

    assertClientError(
        Browser.location(response), "request_uri_not_supported", attempt.state, idp.issuer());
  }

  @Test
  void authorizeWhenResponseModeFormPostThenInvalidRequest() {
    OidcRelyingParty.Attempt attempt = withExtra("openid", "response_mode", "form_post");

    HttpResponse<String> response = get(new Browser(idp.issuer()), attempt);

    assertClientError(Browser.location(response), "invalid_request", attempt.state, idp.issuer());
  }

  @Test
  void authorizeWhenResponseModeFragmentThenInvalidRequest() {
    OidcRelyingParty.Attempt attempt = withExtra("openid", "response_mode", "fragment");

    HttpResponse<String> response = get(new Browser(idp.issuer()), attempt);

    assertClientError(Browser.location(response), "invalid_request", attempt.state, idp.issuer());
  }

  @Test
  void authorizeWhenCodeChallengeNotFortyThreeCharactersThenInvalidRequest() {
    OidcRelyingParty.Attempt attempt = portal.authorize("openid");
    attempt.uri =
        URI.create(
            attempt.uri.toString().replaceAll("code_challenge=[^&]+", "code_challenge=short"));

    HttpResponse<String> response = get(new Browser(idp.issuer()), attempt);

    assertClientError(Browser.location(response), "invalid_request", attempt.state, idp.issuer());
  }

  @Test
  void authorizeWhenMaxAgeNotANumberThenInvalidRequest() {
    OidcRelyingParty.Attempt attempt = withExtra("openid", "max_age", "soon");

    HttpResponse<String> response = get(new Browser(idp.issuer()), attempt);

    assertClientError(Browser.location(response), "invalid_request", attempt.state, idp.issuer());
  }

  @Test
  void authorizeWhenClaimsNotJsonThenInvalidRequest() {
    OidcRelyingParty.Attempt attempt = withExtra("openid", "claims", "{not json");

    HttpResponse<String> response = get(new Browser(idp.issuer()), attempt);

    assertClientError(Browser.location(response), "invalid_request", attempt.state, idp.issuer());
  }

  private IDTokenClaimsSet idToken(URI redirect, OidcRelyingParty.Attempt attempt)
      throws Exception {
    OIDCTokens tokens =
        OidcEndToEndContractSupport.tokens(
            portal.exchange(portal.code(redirect, attempt), attempt.verifier));
    return portal.validate(tokens.getIDToken(), attempt.nonce);
  }
}
