package jp.ishikawa.id.idp.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
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
import java.net.URI;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.token.AuthenticationContextClass;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Passkeys in a real browser (headless Chromium) with a virtual authenticator (Chrome DevTools
 * Protocol {@code WebAuthn.addVirtualAuthenticator}: a platform authenticator that verifies the
 * user and keeps resident keys), the pages' real script, and the Nimbus SDK as the services: a
 * resident registers a passkey right after a card login, logs in to the portal with it (the ID
 * token says passkey), is sent to the card by the points service (step-up: the ID token says the
 * card), removes the passkey, and the next passkey login is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasskeyBrowserTests {

  private TestIdentityProvider idp;
  private HeadlessChromium chromium;
  private ChromeDriver driver;
  private OIDCProviderMetadata metadata;

  @BeforeAll
  void start() throws Exception {
    chromium = HeadlessChromium.start();
    driver = chromium.driver();
    idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);
    metadata = OIDCProviderMetadata.resolve(new Issuer(idp.issuer().toString()));
    driver.executeCdpCommand("WebAuthn.enable", Map.of());
    driver.executeCdpCommand(
        "WebAuthn.addVirtualAuthenticator",
        Map.of(
            "options",
            Map.of(
                "protocol", "ctap2",
                "transport", "internal",
                "hasResidentKey", true,
                "hasUserVerification", true,
                "isUserVerified", true,
                "automaticPresenceSimulation", true)));
  }

  @AfterAll
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void passkeyWhenRegisteredAfterCardLoginThenLogsInStepsUpAndEndsWhenRemoved() throws Exception {
    chromium.clearCookies();
    BrowserResident resident =
        new BrowserResident(
            chromium,
            idp.issuer(),
            TestCards.issue(idp.pki(), TestFacts.defaults().withName("鍵　" + System.nanoTime())));
    resident.open("/login");
    resident.logInAndRegister();

    // Register, right after the card login.
    WebElement name = driver.findElement(By.id("passkey-name"));
    name.clear();
    name.sendKeys("ブラウザのパスキー");
    driver.findElement(By.id("passkey-register")).click();
    chromium
        .await()
        .withMessage("the passkey to be registered")
        .until(d -> "passkey-added".equals(URI.create(d.getCurrentUrl()).getQuery()));
    assertThat(driver.findElements(By.cssSelector("#passkeys .passkey-label")))
        .extracting(WebElement::getText)
        .containsExactly("ブラウザのパスキー");

    // A new browser session logs in to the portal with the passkey.
    chromium.clearCookies();
    Attempt portal = authorize(TestIdentityProvider.PORTAL, TestIdentityProvider.PORTAL_REDIRECT);
    driver.get(portal.uri.toString());
    resident.awaitPath("/login");
    passkeyLogin();
    JWTClaimsSet portalToken =
        idToken(
            portal,
            TestIdentityProvider.PORTAL,
            TestIdentityProvider.PORTAL_SECRET,
            TestIdentityProvider.PORTAL_REDIRECT);
    assertThat(portalToken.getStringClaim("acr")).isEqualTo(AuthenticationContextClass.PASSKEY);
    assertThat(portalToken.getStringListClaim("amr")).contains("hwk", "user", "mfa");

    // The points service requires the card: the passkey session taps the card first.
    Attempt points = authorize(TestIdentityProvider.POINTS, TestIdentityProvider.POINTS_REDIRECT);
    driver.get(points.uri.toString());
    resident.awaitPath("/login");
    assertThat(driver.findElements(By.id("card-required"))).hasSize(1);
    assertThat(driver.findElements(By.id("passkey-login"))).isEmpty();
    resident.tapShownTransaction(Purpose.LOGIN);
    JWTClaimsSet pointsToken =
        idToken(
            points,
            TestIdentityProvider.POINTS,
            TestIdentityProvider.POINTS_SECRET,
            TestIdentityProvider.POINTS_REDIRECT);
    assertThat(pointsToken.getStringClaim("acr")).isEqualTo(AuthenticationContextClass.JPKI);

    // Lost phone: signed in with the card, the resident removes the passkey.
    resident.open("/account");
    driver.findElement(By.cssSelector("#passkeys .passkey-remove button")).click();
    chromium.await().until(d -> "passkey-removed".equals(URI.create(d.getCurrentUrl()).getQuery()));
    assertThat(driver.findElements(By.id("passkeys-none"))).hasSize(1);

    // The authenticator still holds the key; the IdP no longer knows it.
    chromium.clearCookies();
    resident.open("/login");
    passkeyLogin();
    WebElement error =
        chromium
            .await()
            .withMessage("the passkey login to be refused")
            .until(
                d -> {
                  WebElement shown = d.findElement(By.id("passkey-login-error"));
                  return shown.isDisplayed() ? shown : null;
                });
    assertThat(error.getAttribute("data-code")).isEqualTo("unknown_credential");
    assertThat(URI.create(driver.getCurrentUrl()).getPath()).isEqualTo("/login");
  }

  /**
   * Logs in with the passkey from the login page: where the browser offers conditional mediation,
   * the page's autofill request does it (the virtual authenticator answers it by itself); else the
   * resident presses the button.
   */
  private void passkeyLogin() {
    if (!onLoginPage()) {
      return; // the autofill request has already logged in and moved on
    }
    Object conditional;
    try {
      conditional =
          driver.executeAsyncScript(
              "var done = arguments[arguments.length - 1];"
                  + "if (!window.PublicKeyCredential"
                  + "    || !PublicKeyCredential.isConditionalMediationAvailable) { done(false); }"
                  + "else { PublicKeyCredential.isConditionalMediationAvailable().then(done); }");
    } catch (org.openqa.selenium.WebDriverException e) {
      // The page navigated while the script ran: the autofill request finished the login.
      return;
    }
    if (!Boolean.TRUE.equals(conditional) && onLoginPage()) {
      List<WebElement> button = driver.findElements(By.id("passkey-login-button"));
      if (!button.isEmpty()) {
        button.getFirst().click();
      }
    }
  }

  private boolean onLoginPage() {
    return "/login".equals(URI.create(driver.getCurrentUrl()).getPath());
  }

  private static final class Attempt {
    final CodeVerifier verifier = new CodeVerifier();
    final State state = new State();
    final Nonce nonce = new Nonce();
    URI uri;
  }

  private Attempt authorize(String clientId, URI redirect) {
    Attempt attempt = new Attempt();
    attempt.uri =
        new AuthenticationRequest.Builder(
                ResponseType.CODE, new Scope("openid"), new ClientID(clientId), redirect)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .state(attempt.state)
            .nonce(attempt.nonce)
            .codeChallenge(attempt.verifier, CodeChallengeMethod.S256)
            .build()
            .toURI();
    return attempt;
  }

  /** Waits for the redirect to the service (its host does not exist), and exchanges the code. */
  private JWTClaimsSet idToken(Attempt attempt, String clientId, String secret, URI redirect)
      throws Exception {
    String landed =
        chromium
            .await()
            .withMessage(
                () ->
                    "the browser to return to "
                        + redirect
                        + ", but it is on "
                        + driver.getCurrentUrl()
                        + " "
                        + driver.findElements(By.id("passkey-login-error")).stream()
                            .map(e -> e.getAttribute("data-code") + " " + e.getText())
                            .toList())
            .until(
                d -> d.getCurrentUrl().startsWith(redirect.toString()) ? d.getCurrentUrl() : null);
    AuthorizationCode code =
        AuthenticationResponseParser.parse(URI.create(landed))
            .toSuccessResponse()
            .getAuthorizationCode();
    OIDCTokenResponse tokens =
        (OIDCTokenResponse)
            OIDCTokenResponseParser.parse(
                    new TokenRequest.Builder(
                            metadata.getTokenEndpointURI(),
                            new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
                            new AuthorizationCodeGrant(code, redirect, attempt.verifier))
                        .build()
                        .toHTTPRequest()
                        .send())
                .toSuccessResponse();
    JWTClaimsSet claims = tokens.getOIDCTokens().getIDToken().getJWTClaimsSet();
    assertThat(claims.getStringClaim("nonce")).isEqualTo(attempt.nonce.getValue());
    assertThat(List.of(claims.getAudience().toArray())).contains(clientId);
    return claims;
  }
}
