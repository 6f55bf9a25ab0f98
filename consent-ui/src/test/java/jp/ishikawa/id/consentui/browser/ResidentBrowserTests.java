package jp.ishikawa.id.consentui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.ishikawa.id.consentui.ConsentUiApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * 「マイ いしかわID」 end to end, as a newcomer runs the demo: the real IdP from its jar in demo mode,
 * consent-ui in its demo mode (the IdP's demo registers it and hands it its secret), a resident
 * with the simulated demo card, and a service built with the Nimbus SDK (a city library) holding a
 * refresh token and a back-channel logout endpoint. The resident logs in to the library, opens
 * consent-ui, sees in plain words what the library received, and withdraws with the keyboard only:
 * the library's refresh token is refused ({@code invalid_grant}) and its back-channel endpoint
 * receives a logout token that Nimbus validates against the IdP's JWKS. Every resident page passes
 * axe-core (WCAG 2.x A/AA, JIS X 8341-3 AA) in Japanese, やさしい日本語 and English, on a phone and a
 * desktop; screenshots go to {@code docs/screenshots/consent-ui-*.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ChromiumRequired.class)
class ResidentBrowserTests {

  private record Viewport(String name, int width, int height, boolean mobile) {}

  private static final List<Viewport> VIEWPORTS =
      List.of(new Viewport("phone", 390, 844, true), new Viewport("desktop", 1280, 900, false));
  private static final List<String> LANGUAGES = List.of("ja", "easy", "en");

  @TempDir static Path folder;
  private HeadlessChromium chromium;
  private TestRelyingParty library;
  private IdpProcess idp;
  private ConfigurableApplicationContext consentUi;
  private URI home;

  @BeforeAll
  void start() throws Exception {
    chromium = HeadlessChromium.start();
    library = new TestRelyingParty();
    int uiPort = IdpProcess.freePort();
    home = URI.create("http://localhost:" + uiPort);
    Path demo = folder.resolve("demo");
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--ishikawa-id.demo=true",
                "--ishikawa-id.demo-directory=" + demo,
                "--ishikawa-id.demo-consent-ui-origin=" + home,
                "--ishikawa-id.backchannel-logout.poll-interval=PT1S",
                "--spring.datasource.url=jdbc:h2:file:"
                    + folder.resolve("db/ishikawa-id")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"));
    arguments.addAll(library.clientArguments(0));
    idp = IdpProcess.start(folder, IdpProcess.freePort(), arguments);
    consentUi =
        new SpringApplicationBuilder(ConsentUiApplication.class)
            .run(
                "--server.port=" + uiPort,
                "--consent-ui.demo=true",
                "--consent-ui.demo-directory=" + demo,
                "--logging.level.root=WARN");

    // The resident logs in to the library with the demo card (registering on the way) and agrees
    // to give it their name, address and residency.
    chromium.viewport(1280, 900, false);
    chromium.driver().get(library.authorizationRequest(idp.issuer()).toString());
    tapDemoCard("/register");
    tapDemoCard("/oauth2/consent");
    chromium.driver().findElement(By.id("consent-approve")).click();
    chromium
        .await()
        .withMessage("the IdP to send the browser back to the library")
        .until(d -> d.getCurrentUrl().startsWith(library.redirectUri().toString()));
    library.redeem(URI.create(chromium.driver().getCurrentUrl()));
    assertThat(library.refreshToken()).isNotNull();
  }

  @AfterAll
  void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    if (consentUi != null) {
      consentUi.close();
    }
    if (idp != null) {
      idp.close();
    }
    if (library != null) {
      library.close();
    }
  }

  @Test
  @Order(1)
  void dashboardWhenSignedInThroughTheIdpThenLibraryAndWhatItReceivedInPlainWords() {
    chromium.viewport(1280, 900, false);
    open("/?lang=ja");
    // Single sign-on: the IdP session of the library login signs consent-ui in, no second tap.
    assertThat(chromium.driver().findElements(By.id("service-" + TestRelyingParty.CLIENT_ID)))
        .as(chromium.driver().getCurrentUrl() + "\n" + chromium.driver().getPageSource())
        .hasSize(1);
    WebElement service =
        chromium.driver().findElement(By.id("service-" + TestRelyingParty.CLIENT_ID));
    assertThat(service.findElement(By.tagName("h2")).getText()).isEqualTo(TestRelyingParty.NAME);
    assertThat(service.findElements(By.cssSelector(".received li")))
        .extracting(WebElement::getText)
        .containsExactly("氏名", "住所", "石川県にお住まいかどうか・お住まいの市町・18歳以上かどうか", "あなたであることを示す番号（氏名などは含みません）");
    assertThat(service.getText()).doesNotContain("ishikawa_residency").doesNotContain("openid");
    // consent-ui's own sign-in is not a service that "receives your information".
    assertThat(chromium.driver().findElements(By.id("service-consent-ui"))).isEmpty();
    assertThat(chromium.driver().findElement(By.id("demo-marker")).getText()).contains("DEMO");
  }

  @Test
  @Order(2)
  void residentPagesWhenScannedThenAxeCleanInEveryLanguageOnPhoneAndDesktop() {
    open("/?lang=ja");
    String consentPath =
        URI.create(
                chromium
                    .driver()
                    .findElement(By.id("withdraw-" + TestRelyingParty.CLIENT_ID))
                    .getDomProperty("href"))
            .getPath()
            .replace("/withdraw", "");
    List<String[]> pages =
        List.of(
            new String[] {"dashboard", "/"},
            new String[] {"withdraw", consentPath + "/withdraw"},
            new String[] {"history", "/history"},
            new String[] {"receipt", consentPath + "/receipt"},
            new String[] {"cards", "/cards"},
            new String[] {"deactivate", "/deactivate"});
    List<String> problems = new ArrayList<>();
    for (Viewport viewport : VIEWPORTS) {
      chromium.viewport(viewport.width(), viewport.height(), viewport.mobile());
      for (String lang : LANGUAGES) {
        for (String[] page : pages) {
          open(page[1] + "?lang=" + lang);
          String where = page[0] + " " + lang + "/" + viewport.name();
          assertThat(chromium.driver().findElement(By.tagName("html")).getDomAttribute("lang"))
              .as(where)
              .isEqualTo(lang.equals("en") ? "en" : "ja");
          problems.addAll(
              AxeScan.violations(chromium.driver(), AxeScan.WCAG_A_AA).stream()
                  .map(line -> where + ": " + line)
                  .toList());
          if (lang.equals("ja") || page[0].equals("dashboard")) {
            Screenshots.take(
                chromium,
                "consent-ui-" + page[0] + "-" + lang + "-" + viewport.name(),
                viewport.mobile() ? 0.5 : 1);
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  @Order(3)
  void withdrawWhenKeyboardOnlyThenRefreshTokenRefusedAndLogoutTokenReceived() throws Exception {
    chromium.viewport(390, 844, true);
    open("/?lang=ja");
    tabTo("withdraw-" + TestRelyingParty.CLIENT_ID);
    new Actions(chromium.driver()).sendKeys(Keys.ENTER).perform();
    awaitPath(p -> p.endsWith("/withdraw"));
    assertThat(chromium.driver().findElement(By.id("withdraw-effects")).getText())
        .contains("すでに受け取った情報は、この操作では消えません")
        .contains("ログアウトします");
    tabTo("withdraw-confirm");
    new Actions(chromium.driver()).sendKeys(Keys.ENTER).perform();
    awaitPath("/"::equals);
    assertThat(chromium.driver().findElement(By.id("withdrawn-notice")).getText())
        .contains(TestRelyingParty.NAME);
    Screenshots.take(chromium, "consent-ui-withdrawn-ja-phone", 0.5);
    assertThat(chromium.driver().findElements(By.id("service-" + TestRelyingParty.CLIENT_ID)))
        .isEmpty();

    TokenResponse refreshed = library.refresh();
    assertThat(refreshed.indicatesSuccess()).isFalse();
    assertThat(refreshed.toErrorResponse().getErrorObject().getCode())
        .isEqualTo(OAuth2Error.INVALID_GRANT.getCode());

    LogoutTokenClaimsSet logout = library.awaitLogoutToken(Duration.ofSeconds(60));
    assertThat(logout.getIssuer().getValue()).isEqualTo(idp.issuer().toString());
    assertThat(logout.getAudience())
        .extracting(Object::toString)
        .contains(TestRelyingParty.CLIENT_ID);
    assertThat(logout.getSubject()).isEqualTo(library.idToken().getSubject());
    Object sid = library.idToken().getClaim("sid");
    if (logout.getSessionID() != null) {
      assertThat(logout.getSessionID().getValue()).isEqualTo(sid);
    }

    open("/history?lang=ja");
    assertThat(chromium.driver().findElement(By.id("history")).getText()).contains("取り消しました");
  }

  private void open(String path) {
    chromium.driver().get(home.resolve(path).toString());
    chromium
        .await()
        .withMessage("consent-ui to show " + path)
        .until(
            d ->
                d.getCurrentUrl().startsWith(home.toString())
                    && !d.findElements(By.id("main")).isEmpty());
  }

  /** On the IdP's login or registration page: the demo card button, then wait for {@code next}. */
  private void tapDemoCard(String next) {
    WebElement button =
        chromium
            .await()
            .withMessage("the IdP's page to offer the demo card")
            .until(
                d -> {
                  List<WebElement> found = d.findElements(By.id("demo-tap-with-signature"));
                  return !found.isEmpty()
                          && found.getFirst().isEnabled()
                          && found.getFirst().isDisplayed()
                      ? found.getFirst()
                      : null;
                });
    button.click();
    awaitPath(next::equals);
  }

  private void awaitPath(java.util.function.Predicate<String> path) {
    chromium
        .await()
        .withMessage("the browser to move on")
        .until(d -> path.test(URI.create(d.getCurrentUrl()).getPath()));
  }

  /** Presses Tab until {@code id} has the focus (at most 60 times): the keyboard-only path. */
  private void tabTo(String id) {
    for (int i = 0; i < 60; i++) {
      new Actions(chromium.driver()).sendKeys(Keys.TAB).perform();
      WebElement focused = chromium.driver().switchTo().activeElement();
      if (id.equals(focused.getDomAttribute("id"))) {
        return;
      }
    }
    throw new AssertionError("Tab never reached #" + id);
  }
}
