package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestAuthenticator;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.idp.token.AuthenticationContextClass;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.security.web.webauthn.api.Bytes;

/**
 * Passkeys end to end over HTTP (issue 10), with a hand-built authenticator ({@link
 * TestAuthenticator}) against the real filter chain and storage, and the Nimbus SDK as the relying
 * party: registration only right after a card login and up to the limit, passkey login to tokens
 * with the passkey {@code acr}, step-up to the card when a service demands it, a replayed assertion
 * refused, removal and deactivation ending the passkey.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PasskeyFlowContract {

  private TestIdentityProvider idp;
  private OidcRelyingParty portal;
  private OidcRelyingParty points;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() throws Exception {
    idp = SharedIdentityProviders.get(storage());
    OIDCProviderMetadata metadata = OidcRelyingParty.discover(idp.issuer());
    portal = OidcRelyingParty.portal(metadata);
    points =
        new OidcRelyingParty(
            metadata,
            TestIdentityProvider.POINTS,
            TestIdentityProvider.POINTS_SECRET,
            TestIdentityProvider.POINTS_REDIRECT,
            JWSAlgorithm.RS256);
  }

  @Test
  void passkeyLoginWhenRegisteredAfterCardLoginThenTokensSayPasskey() throws Exception {
    TestResident resident = cardLoginAtPortal();
    TestAuthenticator phone = register(resident.browser(), "わたしのスマホ");
    Browser browser = new Browser(idp.issuer());
    OidcRelyingParty.Attempt attempt = portal.authorize("openid profile");

    assertThat(Browser.location(browser.get(attempt.uri.toString())).getPath()).isEqualTo("/login");
    HttpResponse<String> login = passkeyLogin(browser, phone, 11);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    URI redirect =
        Browser.location(
            browser.follow(browser.get((String) Browser.json(login).get("redirectUrl"))));
    IDTokenClaimsSet idToken = idToken(portal, redirect, attempt);

    assertThat(idToken.getACR().getValue()).isEqualTo(AuthenticationContextClass.PASSKEY);
    assertThat(idToken.getAMR())
        .extracting(a -> a.getValue())
        .containsExactly("hwk", "user", "mfa");
  }

  @Test
  void registerWhenLoggedInWithPasskeyThenCardLoginRequired() {
    TestResident resident = cardLoginAtPortal();
    TestAuthenticator phone = register(resident.browser(), "phone");
    Browser browser = new Browser(idp.issuer());
    assertThat(passkeyLogin(browser, phone, 11).statusCode()).isEqualTo(200);

    browser.open("/account");
    HttpResponse<String> refused = browser.postJson("/webauthn/register/options", Map.of());

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(Browser.json(refused)).containsEntry("error", "card_login_required");
    assertThat(latestAudit("passkey.registered").reasonCode()).isEqualTo("card_login_required");
  }

  @Test
  void registerWhenCardLoginOlderThanWindowThenCardLoginRequired() {
    TestResident resident = cardLoginAtPortal();
    resident.browser().open("/account");
    idp.clock().advance(Duration.ofMinutes(6));
    try {
      HttpResponse<String> refused =
          resident.browser().postJson("/webauthn/register/options", Map.of());

      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(Browser.json(refused)).containsEntry("error", "card_login_required");
    } finally {
      idp.clock().reset();
    }
  }

  @Test
  void registerWhenAtTheLimitThenTooManyPasskeys() {
    TestResident resident = cardLoginAtPortal();
    for (int i = 0; i < 10; i++) {
      register(resident.browser(), "key " + i);
    }

    HttpResponse<String> refused =
        resident.browser().postJson("/webauthn/register/options", Map.of());

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(Browser.json(refused)).containsEntry("error", "too_many_passkeys");
  }

  @Test
  void passkeyLoginWhenAssertionReplayedThenNoChallengeAndAudited() {
    TestResident resident = cardLoginAtPortal();
    TestAuthenticator phone = register(resident.browser(), "phone");
    Browser browser = new Browser(idp.issuer());
    browser.open("/login");
    Bytes challenge =
        Bytes.fromBase64(
            (String)
                Browser.json(browser.postJson("/webauthn/authenticate/options", Map.of()))
                    .get("challenge"));
    TestAuthenticator.Assertion assertion = phone.assertion(challenge);
    assertion.signCount = 11;
    Map<String, Object> body = assertion.json();
    assertThat(browser.postJson("/login/webauthn", body).statusCode()).isEqualTo(200);

    Browser elsewhere = new Browser(idp.issuer());
    elsewhere.open("/login");
    HttpResponse<String> replayed = elsewhere.postJson("/login/webauthn", body);
    HttpResponse<String> again = browser.postJson("/login/webauthn", body);

    assertThat(replayed.statusCode()).isEqualTo(401);
    assertThat(Browser.json(replayed)).containsEntry("error", "no_challenge");
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(Browser.json(again)).containsEntry("error", "no_challenge");
    assertThat(latestAudit("login").reasonCode()).isEqualTo("no_challenge");
  }

  @Test
  void authorizeWhenClientRequiresCardThenPasskeyLoginStepsUpToTheCard() throws Exception {
    TestResident resident = cardLoginAtPortal();
    TestAuthenticator phone = register(resident.browser(), "phone");
    Browser browser = resident.browser();
    browser.postForm("/logout", Map.of());
    assertThat(passkeyLogin(browser, phone, 11).statusCode()).isEqualTo(200);
    OidcRelyingParty.Attempt attempt = points.authorize("openid");

    HttpResponse<String> authorize = browser.get(attempt.uri.toString());
    assertThat(Browser.location(authorize).getPath()).isEqualTo("/login");
    HttpResponse<String> loginPage = browser.open("/login");
    assertThat(loginPage.body())
        .contains("id=\"card-required\"")
        .doesNotContain("id=\"passkey-login\"");
    HttpResponse<String> afterTap = browser.follow(resident.logInFromLoginPage());
    // Only openid: no consent screen, straight back to the service.
    URI redirect =
        Browser.isRedirect(afterTap)
            ? Browser.location(afterTap)
            : Browser.location(OidcEndToEndContract.approveConsent(browser, afterTap));

    assertThat(idToken(points, redirect, attempt).getACR().getValue())
        .isEqualTo(AuthenticationContextClass.JPKI);
  }

  @Test
  void authorizeWhenMaxAgeThenPasskeySessionGoesToCardLogin() {
    assertPasskeySessionSentToLogin(portal.authorize("openid profile", b -> b.maxAge(3600)));
  }

  @Test
  void authorizeWhenCardAcrValuesThenPasskeySessionGoesToCardLogin() {
    assertPasskeySessionSentToLogin(
        portal.authorize(
            "openid profile",
            b ->
                b.acrValues(
                    List.of(
                        new com.nimbusds.openid.connect.sdk.claims.ACR(
                            AuthenticationContextClass.JPKI)))));
  }

  @Test
  void authorizeWhenEssentialCardAcrThenPasskeySessionGoesToCardLogin() {
    com.nimbusds.openid.connect.sdk.OIDCClaimsRequest claims =
        new com.nimbusds.openid.connect.sdk.OIDCClaimsRequest()
            .withIDTokenClaimsRequest(
                new com.nimbusds.openid.connect.sdk.claims.ClaimsSetRequest()
                    .add(
                        new com.nimbusds.openid.connect.sdk.claims.ClaimsSetRequest.Entry("acr")
                            .withClaimRequirement(
                                com.nimbusds.openid.connect.sdk.claims.ClaimRequirement.ESSENTIAL)
                            .withValue(AuthenticationContextClass.JPKI)));
    assertPasskeySessionSentToLogin(portal.authorize("openid profile", b -> b.claims(claims)));
  }

  @Test
  void passkeyLoginWhenPasskeyRemovedThenUnknownCredential() {
    TestResident resident = cardLoginAtPortal();
    TestAuthenticator phone = register(resident.browser(), "lost phone");
    resident.browser().open("/account");

    HttpResponse<String> removed =
        resident
            .browser()
            .postForm(
                "/account/passkeys/remove",
                Map.of("credentialId", List.of(phone.credentialId.toBase64UrlString())));
    assertThat(Browser.location(removed).getQuery()).isEqualTo("passkey-removed");

    assertUnknownCredential(phone);
    assertThat(latestAudit("login").reasonCode()).isEqualTo("unknown_credential");
  }

  @Test
  void renameWhenValidNameThenListedWithItAndWhenEmptyThenRefused() {
    TestResident resident = cardLoginAtPortal();
    TestAuthenticator phone = register(resident.browser(), "old name");
    resident.browser().open("/account");
    String id = phone.credentialId.toBase64UrlString();

    HttpResponse<String> renamed =
        resident
            .browser()
            .postForm(
                "/account/passkeys/rename",
                Map.of("credentialId", List.of(id), "label", List.of("  台所のタブレット  ")));
    HttpResponse<String> refused =
        resident
            .browser()
            .postForm(
                "/account/passkeys/rename",
                Map.of("credentialId", List.of(id), "label", List.of("   ")));

    assertThat(Browser.location(renamed).getQuery()).isEqualTo("passkey-renamed");
    assertThat(Browser.location(refused).getQuery()).isEqualTo("passkey-bad-name");
    assertThat(resident.browser().open("/account").body())
        .contains(">台所のタブレット<")
        .doesNotContain("old name");
  }

  @Test
  void removeWhenPasskeyOfAnotherResidentThenNothingChanges() {
    TestResident owner = cardLoginAtPortal();
    TestAuthenticator phone = register(owner.browser(), "owner's phone");
    TestResident other = cardLoginAtPortal();
    other.browser().open("/account");

    HttpResponse<String> refused =
        other
            .browser()
            .postForm(
                "/account/passkeys/remove",
                Map.of("credentialId", List.of(phone.credentialId.toBase64UrlString())));

    assertThat(Browser.location(refused).getQuery()).isEqualTo("passkey-unknown");
    assertThat(passkeyLogin(new Browser(idp.issuer()), phone, 11).statusCode()).isEqualTo(200);
  }

  @Test
  void springsDeleteEndpointWhenCalledByTheOwnerThenRemovedAndAudited() {
    TestResident owner = cardLoginAtPortal();
    TestAuthenticator phone = register(owner.browser(), "owner's phone");
    owner.browser().open("/account");
    long removalsBefore = auditCount("passkey.removed");

    HttpResponse<String> removed =
        owner.browser().delete("/webauthn/register/" + phone.credentialId.toBase64UrlString());

    assertThat(removed.statusCode()).isEqualTo(204);
    assertThat(auditCount("passkey.removed")).isEqualTo(removalsBefore + 1);
    assertUnknownCredential(phone);
  }

  @Test
  void springsDeleteEndpointWhenCalledByAnotherResidentThenRefusedAndThePasskeyKept() {
    TestResident owner = cardLoginAtPortal();
    TestAuthenticator phone = register(owner.browser(), "owner's phone");
    TestResident other = cardLoginAtPortal();
    other.browser().open("/account");

    HttpResponse<String> refused =
        other.browser().delete("/webauthn/register/" + phone.credentialId.toBase64UrlString());

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(passkeyLogin(new Browser(idp.issuer()), phone, 11).statusCode()).isEqualTo(200);
  }

  @Test
  void passkeyLoginWhenCardRenewedThenPasskeyKeptForTheSameIshikawaId() {
    TestFacts facts = TestFacts.defaults().withName("更新　" + System.nanoTime());
    TestResident resident = new TestResident(idp.issuer(), TestCards.issue(idp.pki(), facts));
    resident.browser().open("/login");
    resident.logInFromLoginPage();
    TestAuthenticator phone = register(resident.browser(), "phone");
    String ishikawaId = ishikawaId(resident.browser());

    // A new card of the same person (renewal): re-bound through the signature certificate.
    resident.replaceCard(TestCards.issue(idp.pki(), facts));
    resident.browser().postForm("/logout", Map.of());
    resident.browser().open("/login");
    resident.logInFromLoginPage();
    assertThat(ishikawaId(resident.browser())).isEqualTo(ishikawaId);
    Browser browser = new Browser(idp.issuer());

    assertThat(passkeyLogin(browser, phone, 11).statusCode()).isEqualTo(200);
    assertThat(ishikawaId(browser)).isEqualTo(ishikawaId);
  }

  private static String ishikawaId(Browser browser) {
    java.util.regex.Matcher id =
        java.util.regex.Pattern.compile("id=\"ishikawa-id\">([^<]+)<")
            .matcher(browser.open("/account").body());
    assertThat(id.find()).isTrue();
    return id.group(1);
  }

  @Test
  void passkeyLoginWhenAccountDeactivatedThenUnknownCredential() {
    TestResident resident = cardLoginAtPortal();
    TestAuthenticator phone = register(resident.browser(), "phone");
    resident.browser().open("/account");
    resident.browser().postForm("/account/deactivate", Map.of("confirm", List.of("yes")));

    assertUnknownCredential(phone);
  }

  private void assertPasskeySessionSentToLogin(OidcRelyingParty.Attempt attempt) {
    TestResident resident = cardLoginAtPortal();
    TestAuthenticator phone = register(resident.browser(), "phone");
    Browser browser = new Browser(idp.issuer());
    assertThat(passkeyLogin(browser, phone, 11).statusCode()).isEqualTo(200);

    HttpResponse<String> authorize = browser.get(attempt.uri.toString());

    assertThat(Browser.location(authorize).getPath()).isEqualTo("/login");
    assertThat(browser.open("/login").body()).contains("id=\"card-required\"");
  }

  /** A new resident logs in at the portal with the card and consents: a fresh card login. */
  private TestResident cardLoginAtPortal() {
    TestResident resident =
        new TestResident(
            idp.issuer(),
            TestCards.issue(idp.pki(), TestFacts.defaults().withName("鍵　" + System.nanoTime())));
    OidcRelyingParty.Attempt attempt = portal.authorize("openid profile");
    Browser browser = resident.browser();
    browser.get(attempt.uri.toString());
    browser.open("/login");
    HttpResponse<String> consent = browser.follow(resident.logInFromLoginPage());
    OidcEndToEndContract.approveConsent(browser, consent);
    return resident;
  }

  private TestAuthenticator register(Browser browser, String label) {
    browser.open("/account");
    HttpResponse<String> options = browser.postJson("/webauthn/register/options", Map.of());
    assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
    TestAuthenticator phone = new TestAuthenticator(idp.issuer());
    HttpResponse<String> registered =
        browser.postJson("/webauthn/register", phone.registration(Browser.json(options), label));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    return phone;
  }

  private HttpResponse<String> passkeyLogin(Browser browser, TestAuthenticator phone, long count) {
    browser.open("/login");
    HttpResponse<String> options = browser.postJson("/webauthn/authenticate/options", Map.of());
    assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
    TestAuthenticator.Assertion assertion =
        phone.assertion(Bytes.fromBase64((String) Browser.json(options).get("challenge")));
    assertion.signCount = count;
    return browser.postJson("/login/webauthn", assertion.json());
  }

  private IDTokenClaimsSet idToken(
      OidcRelyingParty client, URI redirect, OidcRelyingParty.Attempt attempt) throws Exception {
    OIDCTokens tokens =
        OidcEndToEndContractSupport.tokens(
            client.exchange(client.code(redirect, attempt), attempt.verifier));
    return client.validate(tokens.getIDToken(), attempt.nonce);
  }

  /**
   * A passkey login with {@code phone} from a new browser is refused as {@code unknown_credential}.
   */
  private void assertUnknownCredential(TestAuthenticator phone) {
    HttpResponse<String> login = passkeyLogin(new Browser(idp.issuer()), phone, 11);
    assertThat(login.statusCode()).isEqualTo(401);
    assertThat(Browser.json(login)).containsEntry("error", "unknown_credential");
  }

  private long auditCount(String type) {
    return idp.bean(AuditLog.class).recent(1_000).stream()
        .filter(e -> e.type().equals(type))
        .count();
  }

  private AuditLog.Event latestAudit(String type) {
    return idp.bean(AuditLog.class).recent(50).stream()
        .filter(e -> e.type().equals(type))
        .findFirst()
        .orElseThrow();
  }
}
