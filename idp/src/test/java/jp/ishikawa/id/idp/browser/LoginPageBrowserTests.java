package jp.ishikawa.id.idp.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import jp.ishikawa.id.cardclient.protocol.TransactionOutcome;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.identity.ResidentService;
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
import org.openqa.selenium.WebDriver;
import org.springframework.context.MessageSource;

/**
 * The login page in a real browser (headless Chromium) with its real script: it shows the QR code,
 * the link and the confirmation code, and moves on by itself when the simulated card answers; a
 * refusal shows the resident's sentence and a working retry; English on request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ChromiumRequired.class)
class LoginPageBrowserTests {

  private TestIdentityProvider idp;
  private HeadlessChromium chromium;
  private WebDriver driver;

  @BeforeAll
  void start() {
    // The browser first: without one the class is skipped before an IdP is started for nothing.
    chromium = HeadlessChromium.start();
    driver = chromium.driver();
    idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);
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

  private String message(String key, Locale locale) {
    return idp.bean(MessageSource.class).getMessage(key, null, locale);
  }

  @Test
  void loginPageWhenCardAnswersThenMovesOnByItselfToRegistrationAndAccount() {
    BrowserResident resident = newResident();
    resident.open("/login");

    CardWidget.Shown login = resident.widget().awaitTransaction();
    assertThat(resident.tap(login, Purpose.LOGIN).success()).isTrue();
    resident.awaitPath("/register");

    CardWidget.Shown identity = resident.widget().awaitTransaction();
    assertThat(identity.transactionUrl()).isNotEqualTo(login.transactionUrl());
    assertThat(resident.tap(identity, Purpose.IDENTITY).success()).isTrue();
    resident.awaitPath("/account");

    String ishikawaId =
        chromium
            .await()
            .withMessage("the account page to show the Ishikawa ID")
            .until(d -> d.findElement(By.id("ishikawa-id")).getText().strip())
            .strip();
    assertThat(ishikawaId).isNotEmpty();
    assertThat(idp.bean(ResidentService.class).findByIshikawaId(ishikawaId)).isPresent();
  }

  @Test
  void loginPageWhenWrongCodeTypedAtCardThenWrongCodeSentenceAndRetryShowsNewCode() {
    BrowserResident resident = newResident();
    resident.open("/login");
    CardWidget.Shown first = resident.widget().awaitTransaction();
    assertThat(driver.findElement(By.id("jpki-countdown")).getText()).matches("[0-5]:[0-5][0-9]");
    String wrong = first.code().equals("00") ? "01" : "00";

    TransactionOutcome refused = resident.tap(first, Purpose.LOGIN, wrong);

    assertThat(refused).isInstanceOf(TransactionOutcome.Failed.class);
    assertThat(((TransactionOutcome.Failed) refused).code()).isEqualTo("wrong_code");
    assertThat(resident.widget().awaitError()).isEqualTo("wrong_code");
    assertThat(resident.widget().errorText())
        .isEqualTo(message("jpki.error.wrong_code", Locale.JAPANESE));
    assertThat(resident.widget().retryButton().isDisplayed()).isTrue();
    assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("jpki-retry");
    // The dead code, QR code and link are gone; the message, its reference and "start again"
    // stand in their place.
    for (String dead : List.of("jpki-confirmation-code", "jpki-qr", "jpki-transaction-url")) {
      assertThat(driver.findElement(By.id(dead)).isDisplayed()).as(dead).isFalse();
    }
    assertThat(driver.findElement(By.id("jpki-error-reference")).getText())
        .matches("WRONG-CODE-[0-9]{4}");

    resident.widget().retryButton().click();

    CardWidget.Shown second = resident.widget().awaitTransactionOtherThan(first);
    assertThat(driver.findElement(By.id("jpki-error")).isDisplayed()).isFalse();
    // The new code is live: the card answering with it moves the page on.
    assertThat(resident.tap(second, Purpose.LOGIN).success()).isTrue();
    resident.awaitPath("/register");
  }

  @Test
  void loginPageWhenEnglishChosenThenEnglishTextAndHtmlLangEn() {
    BrowserResident resident = newResident();
    resident.open("/login?lang=en");
    resident.widget().awaitTransaction();

    assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
    assertThat(driver.findElement(By.tagName("h1")).getText())
        .isEqualTo(message("login.title", Locale.ENGLISH))
        .isEqualTo("Log in with your My Number card");
    assertThat(driver.findElement(By.id("jpki-code-label")).getText())
        .isEqualTo(message("login.code.label", Locale.ENGLISH));
    assertThat(driver.findElement(By.id("jpki-status")).getText())
        .isEqualTo(message("login.status.waiting", Locale.ENGLISH));
    assertThat(driver.findElement(By.cssSelector("a.language")).getText()).isEqualTo("日本語");

    // The choice is remembered: the next page without ?lang is English too, until switched back.
    resident.open("/login");
    resident.widget().awaitTransaction();
    assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
    driver.findElement(By.cssSelector("a.language")).click();
    chromium
        .await()
        .withMessage("the page to switch back to Japanese")
        .until(d -> "ja".equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
    assertThat(driver.findElement(By.tagName("h1")).getText())
        .isEqualTo(message("login.title", Locale.JAPANESE));
  }
}
