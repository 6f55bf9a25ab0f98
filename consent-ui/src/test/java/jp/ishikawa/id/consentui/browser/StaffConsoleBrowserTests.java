package jp.ishikawa.id.consentui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The staff console end to end, as the demo runs it: the real IdP from its jar in demo mode (its
 * demo card with a signature certificate is admin, auditor and support), consent-ui in its demo
 * mode, headless Chromium, and a service built with the Nimbus SDK that the admin registers in the
 * console. The admin creates the service with the keyboard only and hands the secret shown once to
 * the service, which logs a resident in; the admin rotates the signing keys, and the ID token
 * signed before still verifies against the JWKS while new tokens are signed by the new key; a
 * dangerous action long after the sign-in goes through a fresh card tap ({@code max_age=0}) and is
 * confirmed again. Every staff page passes axe-core (WCAG 2.x A/AA, JIS X 8341-3 AA) in Japanese,
 * やさしい日本語 and English, on a phone and a desktop; screenshots go to {@code
 * docs/screenshots/consent-ui-staff-*.png}.
 *
 * <p>The IdP asks for a fresh tap after {@value #FRESH_TAP_SECONDS} seconds here (5 minutes by
 * default), so the test can outlast it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ChromiumRequired.class)
class StaffConsoleBrowserTests {

  static final int FRESH_TAP_SECONDS = 20;
  private static final String SERVICE = "city-museum";

  private record Viewport(String name, int width, int height, boolean mobile) {}

  private static final List<Viewport> VIEWPORTS =
      List.of(new Viewport("phone", 390, 844, true), new Viewport("desktop", 1280, 900, false));
  private static final List<String> LANGUAGES = List.of("ja", "easy", "en");

  @TempDir static Path folder;
  private HeadlessChromium chromium;
  private StaffBrowser staff;
  private ConsoleService museum;
  private IdpProcess idp;
  private ConfigurableApplicationContext consentUi;
  private URI home;
  private Instant lastTap;

  @BeforeAll
  void start() throws Exception {
    chromium = HeadlessChromium.start();
    museum = new ConsoleService();
    int uiPort = IdpProcess.freePort();
    home = URI.create("http://localhost:" + uiPort);
    ConsentUiRegistration registration = ConsentUiRegistration.on(home);
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--ishikawa-id.demo=true",
                "--ishikawa-id.demo-directory=" + folder.resolve("demo"),
                "--ishikawa-id.management.fresh-tap=PT" + FRESH_TAP_SECONDS + "S",
                "--ishikawa-id.signing-key-publication-delay=PT3S",
                "--ishikawa-id.signing-key-refresh-interval=PT1S",
                "--spring.datasource.url=jdbc:h2:file:"
                    + folder.resolve("db/ishikawa-id")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"));
    arguments.addAll(registration.idpArguments(0));
    idp = IdpProcess.start(folder, IdpProcess.freePort(), arguments);
    consentUi =
        new SpringApplicationBuilder(ConsentUiApplication.class)
            .run(registration.consentUiArguments(idp.issuer()));
    staff = new StaffBrowser(chromium, home, idp.issuer());
    chromium.viewport(1280, 900, false);
    staff.signIn("/staff?lang=ja");
    lastTap = Instant.now();
  }

  @AfterAll
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (consentUi != null) {
      consentUi.close();
    }
    if (idp != null) {
      idp.close();
    }
    if (museum != null) {
      museum.close();
    }
  }

  @Test
  @Order(1)
  void staffConsoleWhenTheDemoAdminSignsInThenEverySectionAndTheLinkOnResidentPages() {
    staff.open("/staff?lang=ja");
    for (String section : List.of("services", "keys", "audit", "statistics", "residents")) {
      assertThat(staff.has("staff-nav-" + section)).as(section).isTrue();
    }
    staff.open("/?lang=ja");
    assertThat(staff.byId("nav-staff").getText()).isEqualTo("職員用の画面");
  }

  @Test
  @Order(2)
  void createServiceWhenKeyboardOnlyThenTheSecretIsShownOnceWithAWarning() {
    chromium.viewport(390, 844, true);
    staff.open("/staff/services?lang=ja");
    staff.tabTo("new-service");
    staff.keys(Keys.ENTER);
    staff.awaitPath("/staff/services/new"::equals);
    staff.tabTo("clientId");
    staff.keys(SERVICE);
    staff.tabTo("name");
    staff.keys("市立博物館 / City Museum");
    staff.tabTo("redirectUris");
    staff.keys(museum.redirectUri().toString());
    // The second scope checkbox is profile (openid is ticked already).
    staff.tabTo("scopes2");
    staff.keys(Keys.SPACE);
    staff.tabTo("create-service");
    staff.keys(Keys.ENTER);

    chromium
        .await()
        .withMessage("the secret page")
        .until(d -> !d.findElements(By.id("client-secret")).isEmpty());
    assertThat(staff.byId("client-id").getText()).isEqualTo(SERVICE);
    assertThat(staff.byId("secret-warning").getText()).contains("今回しか表示しません");
    String secret = staff.byId("client-secret").getText();
    assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
    List<String> problems = AxeScan.violations(chromium.driver(), AxeScan.WCAG_A_AA);
    Screenshots.take(chromium, "consent-ui-staff-secret-ja-phone", 0.5);
    museum.credentials(SERVICE, secret);

    // Shown once: the service's page does not show it, and going back does not bring it again.
    staff.open("/staff/services/" + SERVICE + "?lang=ja");
    assertThat(chromium.driver().getPageSource()).doesNotContain(secret);
    assertThat(staff.byId("service-facts").getText()).contains("この画面");
    assertThat(problems).isEmpty();
  }

  @Test
  @Order(3)
  void rotateKeysWhenAServiceHoldsATokenThenItStillVerifiesAndNewTokensUseTheNewKey()
      throws Exception {
    chromium.viewport(1280, 900, false);
    museum.useNode(new Issuer(idp.issuer().toString()), idp.issuer());
    IDTokenClaimsSet before = login();
    SignedJWT signedBefore = museum.idToken();
    String oldKid = signedBefore.getHeader().getKeyID();

    staff.open("/staff/keys?lang=ja");
    assertThat(keyStatus(oldKid)).isEqualTo("active");
    staff.byId("rotate-keys").click();
    staff.awaitPath("/staff/keys/rotate"::equals);
    if (staff.confirmDangerous("/staff/keys/rotate", "done")) {
      lastTap = Instant.now();
    }
    assertThat(staff.byId("done").getDomAttribute("data-done")).isEqualTo("rotated");
    List<WebElement> next =
        chromium.driver().findElements(By.cssSelector("#keys tr[data-status='next']"));
    assertThat(next).isNotEmpty();

    // Right after the rotation, and after the new key has started signing: the old token verifies.
    assertThat(museum.validate(signedBefore, before).getSubject()).isEqualTo(before.getSubject());
    Thread.sleep(Duration.ofSeconds(6));
    IDTokenClaimsSet after = login();
    String newKid = museum.idToken().getHeader().getKeyID();
    assertThat(newKid).isNotEqualTo(oldKid);
    assertThat(after.getSubject()).isEqualTo(before.getSubject());
    JWKSet published = museum.jwks();
    assertThat(published.getKeyByKeyId(oldKid)).as("the old key stays published").isNotNull();
    assertThat(museum.validate(signedBefore, before).getSubject()).isEqualTo(before.getSubject());

    staff.open("/staff/keys?lang=ja");
    assertThat(keyStatus(oldKid)).isEqualTo("retired");
    assertThat(keyStatus(newKid)).isEqualTo("active");
    Screenshots.take(chromium, "consent-ui-staff-keys-rotated-ja-desktop", 1);
  }

  @Test
  @Order(4)
  void disableWhenTheSignInIsOlderThanTheFreshTapThenThroughTheCardTapAndConfirmedAgain()
      throws Exception {
    chromium.viewport(1280, 900, false);
    Duration sinceTap = Duration.between(lastTap, Instant.now());
    Duration wait = Duration.ofSeconds(FRESH_TAP_SECONDS + 2).minus(sinceTap);
    if (!wait.isNegative()) {
      Thread.sleep(wait);
    }
    String confirmation = "/staff/services/" + SERVICE + "/disable";
    staff.open(confirmation + "?lang=ja");
    assertThat(staff.has("tapped")).isFalse();
    int tapsBefore = staff.freshTaps();

    boolean tapped = staff.confirmDangerous(confirmation, "done");

    assertThat(tapped).as("the card tap step").isTrue();
    assertThat(staff.freshTaps()).isEqualTo(tapsBefore + 1);
    lastTap = Instant.now();
    assertThat(staff.byId("done").getDomAttribute("data-done")).isEqualTo("disabled");
    assertThat(staff.byId("service-facts").getText()).contains("停止中");
    // The refusal that sent the admin to the card is in the audit trail.
    staff.open("/staff/audit?lang=ja&event=management.refused");
    assertThat(staff.byId("audit-events").getText()).contains("stale_authentication");
    Screenshots.take(chromium, "consent-ui-staff-audit-refused-ja-desktop", 1);
    // A disabled service cannot log anyone in.
    chromium.driver().get(museum.authorizationRequest().toString());
    chromium
        .await()
        .withMessage("the IdP to refuse the disabled service")
        .until(d -> !d.getCurrentUrl().startsWith(museum.redirectUri() + "?code="));
    assertThat(chromium.driver().getCurrentUrl()).doesNotContain("code=");
    // Enabled again for the pages below.
    staff.open("/staff/services/" + SERVICE + "?lang=ja");
    staff.byId("enable-service").click();
    chromium.await().until(d -> staff.has("done"));
    assertThat(staff.byId("done").getDomAttribute("data-done")).isEqualTo("enabled");
  }

  @Test
  @Order(5)
  void staffPagesWhenScannedThenAxeCleanInEveryLanguageOnPhoneAndDesktop() {
    chromium.viewport(1280, 900, false);
    String ishikawaId = adminIshikawaId();
    List<String[]> pages =
        List.of(
            new String[] {"home", "/staff"},
            new String[] {"services", "/staff/services"},
            new String[] {"service-new", "/staff/services/new"},
            new String[] {"service", "/staff/services/" + SERVICE},
            new String[] {"secret-confirm", "/staff/services/" + SERVICE + "/secret"},
            new String[] {"disable-confirm", "/staff/services/" + SERVICE + "/disable"},
            new String[] {"keys", "/staff/keys"},
            new String[] {"keys-rotate", "/staff/keys/rotate"},
            new String[] {"audit", "/staff/audit"},
            new String[] {"statistics", "/staff/statistics"},
            new String[] {"residents", "/staff/residents?id=" + ishikawaId});
    List<String> problems = new ArrayList<>();
    for (Viewport viewport : VIEWPORTS) {
      chromium.viewport(viewport.width(), viewport.height(), viewport.mobile());
      for (String lang : LANGUAGES) {
        for (String[] page : pages) {
          staff.open(page[1] + (page[1].contains("?") ? "&" : "?") + "lang=" + lang);
          String where = page[0] + " " + lang + "/" + viewport.name();
          assertThat(chromium.driver().findElement(By.tagName("html")).getDomAttribute("lang"))
              .as(where)
              .isEqualTo(lang.equals("en") ? "en" : "ja");
          if (page[0].equals("statistics")) {
            chromium
                .await()
                .withMessage("ECharts to draw the chart")
                .until(
                    d -> "true".equals(staff.byId("consent-chart").getDomAttribute("data-drawn")));
          }
          problems.addAll(
              AxeScan.violations(chromium.driver(), AxeScan.WCAG_A_AA).stream()
                  .map(line -> where + ": " + line)
                  .toList());
          if (lang.equals("ja") || page[0].equals("home")) {
            Screenshots.take(
                chromium,
                "consent-ui-staff-" + page[0] + "-" + lang + "-" + viewport.name(),
                viewport.mobile() ? 0.5 : 1);
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  @Order(6)
  void statisticsWhenDrawnThenEchartsDescribesTheChartAndTheTableHasTheFigures() {
    chromium.viewport(1280, 900, false);
    staff.open("/staff/statistics?lang=en");
    chromium
        .await()
        .withMessage("ECharts to draw the chart")
        .until(d -> "true".equals(staff.byId("consent-chart").getDomAttribute("data-drawn")));
    // ECharts' aria module describes the chart in the container's label.
    assertThat(staff.byId("consent-chart").getDomAttribute("aria-label")).contains(SERVICE);
    assertThat(staff.byId("statistics-totals").getText()).contains(SERVICE);
  }

  private String keyStatus(String kid) {
    return chromium
        .driver()
        .findElement(By.cssSelector("#keys tr[data-kid='" + kid + "']"))
        .getDomAttribute("data-status");
  }

  /** The service's login for the resident signed in in this browser (single sign-on). */
  private IDTokenClaimsSet login() throws Exception {
    chromium.driver().get(museum.authorizationRequest().toString());
    chromium
        .await()
        .withMessage("the consent screen or the service's callback")
        .until(
            d ->
                d.getCurrentUrl().startsWith(museum.redirectUri().toString())
                    || !d.findElements(By.id("consent-approve")).isEmpty());
    if (!chromium.driver().getCurrentUrl().startsWith(museum.redirectUri().toString())) {
      chromium.driver().findElement(By.id("consent-approve")).click();
      chromium
          .await()
          .withMessage("the IdP to send the browser back to the service")
          .until(d -> d.getCurrentUrl().startsWith(museum.redirectUri().toString()));
    }
    return museum.redeem(URI.create(chromium.driver().getCurrentUrl()));
  }

  /** The demo admin's Ishikawa ID, as the IdP's own account page shows it. */
  private String adminIshikawaId() {
    chromium.driver().get(idp.issuer().resolve("/account").toString());
    return chromium
        .await()
        .withMessage("the IdP's account page")
        .until(
            d ->
                d.findElements(By.id("ishikawa-id")).isEmpty()
                    ? null
                    : d.findElement(By.id("ishikawa-id")).getText());
  }
}
