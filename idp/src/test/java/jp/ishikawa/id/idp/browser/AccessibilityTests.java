package jp.ishikawa.id.idp.browser;

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
import java.util.ArrayList;
import java.util.List;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * JIS X 8341-3 level AA (which adopts WCAG 2.0 AA; checked here against WCAG 2.2 AA) on every page
 * a resident meets while logging in: axe-core's automated rules in Japanese, やさしい日本語 and English,
 * at a phone's and a desktop's viewport, on the page as the script leaves it (code and QR shown, or
 * the error with its retry button). A few things axe does not check are checked by hand: content
 * reflows without sideways scrolling at 320 CSS px (WCAG 1.4.10), buttons are at least 44 px square
 * on a phone, and the code, status and error regions are announced.
 *
 * <p>Each page is also photographed as it is scanned ({@link Screenshots}, into {@code
 * docs/screenshots/}), so a reviewer sees what a resident sees.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ChromiumRequired.class)
class AccessibilityTests {

  /** A device size in CSS pixels. */
  private record Viewport(String name, int width, int height, boolean mobile) {}

  private static final List<Viewport> VIEWPORTS =
      List.of(new Viewport("desktop", 1280, 800, false), new Viewport("phone", 390, 844, true));
  private static final Viewport NARROWEST = new Viewport("320px", 320, 640, true);
  private static final List<String> LANGUAGES = List.of("ja", "easy", "en");

  /** Brings the browser to the page under test, in {@code lang}, ready to be looked at. */
  private interface PageState {
    void open(String lang);
  }

  private TestIdentityProvider idp;
  private HeadlessChromium chromium;
  private URI authorizationEndpoint;

  @BeforeAll
  void start() throws Exception {
    // The browser first: without one the class is skipped before an IdP is started for nothing.
    chromium = HeadlessChromium.start();
    idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);
    authorizationEndpoint =
        OIDCProviderMetadata.resolve(new Issuer(idp.issuer().toString()))
            .getAuthorizationEndpointURI();
  }

  @AfterAll
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @BeforeEach
  void newBrowserSession() {
    chromium.clearCookies();
  }

  private BrowserResident newResident() {
    return new BrowserResident(
        chromium,
        idp.issuer(),
        TestCards.issue(idp.pki(), TestFacts.defaults().withName("試験　" + System.nanoTime())));
  }

  private static String withLang(String pathAndQuery, String lang) {
    return pathAndQuery + (pathAndQuery.contains("?") ? "&" : "?") + "lang=" + lang;
  }

  @Test
  void loginPageWhenTransactionShownThenNoViolations() {
    BrowserResident resident = newResident();
    List<String> problems =
        scanEverywhere(
            "login",
            lang -> {
              resident.open(withLang("/login", lang));
              resident.widget().awaitTransaction();
            });

    assertThat(problems).isEmpty();
    assertThat(attribute("jpki-confirmation-code", "aria-live")).isEqualTo("polite");
    assertThat(attribute("jpki-status", "role")).isEqualTo("status");
    assertThat(attribute("jpki-error", "role")).isEqualTo("alert");
    assertThat(attribute("jpki-qr", "alt")).isNotBlank();
  }

  @Test
  void loginPageWhenCardRefusedThenNoViolations() {
    BrowserResident resident = newResident();
    List<String> problems =
        scanEverywhere(
            "login-error",
            lang -> {
              resident.open(withLang("/login", lang));
              CardWidget.Shown shown = resident.widget().awaitTransaction();
              resident.tap(shown, Purpose.LOGIN, shown.code().equals("00") ? "01" : "00");
              resident.widget().awaitError();
            });

    assertThat(problems).isEmpty();
  }

  @Test
  void registerPageWhenTransactionShownThenNoViolations() {
    BrowserResident resident = newResident();
    resident.open("/login");
    resident.tapShownTransaction(Purpose.LOGIN);
    resident.awaitPath("/register");

    List<String> problems =
        scanEverywhere(
            "register",
            lang -> {
              resident.open(withLang("/register", lang));
              resident.widget().awaitTransaction();
            });

    assertThat(problems).isEmpty();
  }

  @Test
  void accountPageWhenLoggedInThenNoViolations() {
    BrowserResident resident = newResident();
    resident.open("/login");
    resident.logInAndRegister();

    List<String> problems =
        scanEverywhere(
            "account",
            lang -> {
              resident.open(withLang("/account", lang));
              awaitElement("ishikawa-id");
            });

    assertThat(problems).isEmpty();
  }

  @Test
  void consentPageWhenServiceAsksThenNoViolations() {
    BrowserResident resident = newResident();
    resident.open("/login");
    resident.logInAndRegister();
    chromium.driver().get(authorizationRequest().toString());
    resident.awaitPath("/oauth2/consent");
    URI consent = URI.create(chromium.driver().getCurrentUrl());
    String consentPage = consent.getRawPath() + "?" + consent.getRawQuery();

    List<String> problems =
        scanEverywhere(
            "consent",
            lang -> {
              resident.open(withLang(consentPage, lang));
              awaitElement("consent-approve");
            });

    assertThat(problems).isEmpty();
  }

  /** The page a transaction link shows when opened in a browser instead of the card app. */
  @Test
  void transactionPageWhenOpenedInABrowserThenNoViolations() {
    BrowserResident resident = newResident();
    List<String> problems =
        scanEverywhere(
            "transaction",
            lang -> {
              resident.open(withLang("/login", lang));
              URI link = resident.widget().awaitTransaction().transactionUrl();
              chromium.driver().get(link + "?lang=" + lang);
              awaitElement("jpki-open-app");
            });

    assertThat(problems).isEmpty();
  }

  @Test
  void privacyPolicyPageThenNoViolations() {
    BrowserResident resident = newResident();
    List<String> problems =
        scanEverywhere(
            "privacy",
            lang -> {
              resident.open(withLang("/privacy", lang));
              awaitElement("privacy-version");
            });

    assertThat(problems).isEmpty();
  }

  @Test
  void errorPageThenNoViolations() {
    BrowserResident resident = newResident();
    List<String> problems =
        scanEverywhere(
            "error",
            lang -> {
              resident.open(withLang("/login/no-such-page", lang));
              awaitElement("error-notice");
            });

    assertThat(problems).isEmpty();
  }

  /** The checks themselves can fail: a page spoiled on purpose is reported rule by rule. */
  @Test
  void scanWhenPageHasKnownFaultsThenReportsEach() {
    BrowserResident resident = newResident();
    List<String> problems =
        scanEverywhere(
            null,
            lang -> {
              resident.open(withLang("/login", lang));
              resident.widget().awaitTransaction();
              ((JavascriptExecutor) chromium.driver())
                  .executeScript(
                      "document.documentElement.removeAttribute('lang');"
                          + " document.getElementById('jpki-qr').removeAttribute('alt');"
                          + " var retry = document.getElementById('jpki-retry');"
                          + " retry.style.minHeight = '20px'; retry.style.minWidth = '20px';"
                          + " retry.style.padding = '0'; retry.textContent = 'x';"
                          + " document.getElementById('jpki-error').hidden = false;"
                          + " document.getElementById('jpki-transaction-url').style.whiteSpace"
                          + "   = 'nowrap';"
                          + " document.querySelector('.link-box').style.wordBreak = 'normal';");
            });

    assertThat(problems)
        .anyMatch(p -> p.startsWith("ja/phone") && p.contains("html-has-lang"))
        .anyMatch(p -> p.startsWith("en/desktop") && p.contains("image-alt"))
        .anyMatch(p -> p.startsWith("ja/phone") && p.contains("touch target 20×"))
        .anyMatch(p -> p.startsWith("en/320px") && p.contains("jpki-transaction-url"))
        .noneMatch(p -> p.contains("touch target") && p.contains("/desktop"));
  }

  /** The portal asks for the resident's name and residency, as a relying party would. */
  private URI authorizationRequest() {
    return new AuthenticationRequest.Builder(
            ResponseType.CODE,
            Scope.parse("openid profile ishikawa_residency"),
            new ClientID(TestIdentityProvider.PORTAL),
            TestIdentityProvider.PORTAL_REDIRECT)
        .endpointURI(authorizationEndpoint)
        .state(new State())
        .nonce(new Nonce())
        .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256)
        .build()
        .toURI();
  }

  /**
   * Opens the page in each language at each viewport and lists what is wrong, one line per rule and
   * place, so that a failure names everything at once.
   */
  private List<String> scanEverywhere(String name, PageState page) {
    List<String> problems = new ArrayList<>();
    for (String lang : LANGUAGES) {
      for (Viewport viewport : VIEWPORTS) {
        chromium.viewport(viewport.width(), viewport.height(), viewport.mobile());
        page.open(lang);
        String where = lang + "/" + viewport.name() + " " + chromium.driver().getCurrentUrl();
        problems.addAll(axe(where));
        if (name != null && (viewport.mobile() || lang.equals("ja"))) {
          Screenshots.take(
              chromium, name + "-" + lang + "-" + viewport.name(), viewport.mobile() ? 0.5 : 1);
        }
        if (viewport.mobile()) {
          problems.addAll(smallTouchTargets(where));
          // The same page on the narrowest phone: the layout follows the viewport by itself.
          chromium.viewport(NARROWEST.width(), NARROWEST.height(), NARROWEST.mobile());
          problems.addAll(sidewaysScrolling(lang + "/" + NARROWEST.name()));
        }
      }
    }
    return problems;
  }

  private List<String> axe(String where) {
    return AxeScan.violations(chromium.driver(), AxeScan.WCAG_A_AA).stream()
        .map(line -> where + ": " + line)
        .toList();
  }

  /** Buttons (and links styled as buttons) smaller than 44 × 44 CSS px are hard to tap. */
  private List<String> smallTouchTargets(String where) {
    List<String> problems = new ArrayList<>();
    for (WebElement target :
        chromium.driver().findElements(By.cssSelector("button, .button, a.language"))) {
      if (!target.isDisplayed()) {
        continue;
      }
      var size = target.getRect().getDimension();
      if (size.getWidth() < 44 || size.getHeight() < 44) {
        problems.add(
            where
                + ": touch target "
                + size.getWidth()
                + "×"
                + size.getHeight()
                + " px < 44 px: "
                + target.getDomProperty("outerHTML"));
      }
    }
    return problems;
  }

  /** Names the innermost elements that stick out to the right of the viewport, if any. */
  private List<String> sidewaysScrolling(String where) {
    Object overflow =
        ((JavascriptExecutor) chromium.driver())
            .executeScript(
                "var root = document.documentElement, width = root.clientWidth;"
                    + " if (root.scrollWidth <= width) { return []; }"
                    + " return Array.from(document.body.querySelectorAll('*'))"
                    + "  .filter(function (e) { return e.getBoundingClientRect().right > width + 0.5"
                    + "    && !Array.from(e.children).some(function (c) {"
                    + "      return c.getBoundingClientRect().right > width + 0.5; }); })"
                    + "  .map(function (e) { return e.outerHTML.slice(0, 160) + ' ends at '"
                    + "    + Math.round(e.getBoundingClientRect().right) + ' px'; })"
                    + "  .concat(['the page is ' + (root.scrollWidth - width) + ' px too wide']);");
    List<String> problems = new ArrayList<>();
    if (overflow instanceof List<?> elements) {
      for (Object element : elements) {
        problems.add(where + ": scrolls sideways (WCAG 1.4.10 reflow): " + element);
      }
    }
    return problems;
  }

  private void awaitElement(String id) {
    chromium
        .await()
        .withMessage("#" + id + " to be shown")
        .until(d -> d.findElements(By.id(id)).stream().anyMatch(WebElement::isDisplayed));
  }

  private String attribute(String id, String name) {
    return chromium.driver().findElement(By.id(id)).getDomAttribute(name);
  }
}
