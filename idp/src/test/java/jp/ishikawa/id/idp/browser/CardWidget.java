package jp.ishikawa.id.idp.browser;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The card transaction widget ({@code fragments/card.html}) as a resident sees it, found by its
 * stable element ids; every read waits, bounded, for the page's script to get there.
 */
final class CardWidget {

  private static final Pattern TWO_DIGITS = Pattern.compile("[0-9]{2}");

  /** What the page shows for one transaction: the link for the card reader and the code. */
  record Shown(URI transactionUrl, String code) {}

  private final WebDriver driver;
  private final WebDriverWait await;
  private final String transactionPrefix;

  CardWidget(HeadlessChromium chromium, URI issuer) {
    this.driver = chromium.driver();
    this.await = chromium.await();
    this.transactionPrefix = issuer + "/jpki/transactions/";
  }

  /** Waits until the page shows a transaction: code, loaded QR code and link. */
  Shown awaitTransaction() {
    return awaitTransactionOtherThan(null);
  }

  /** As {@link #awaitTransaction()}, for a transaction other than {@code previous}. */
  Shown awaitTransactionOtherThan(Shown previous) {
    return await
        .withMessage(
            "the login page to show a confirmation code, a loaded QR code and a link under "
                + transactionPrefix)
        .until(
            d -> {
              String code = text("jpki-confirmation-code");
              String href = d.findElement(By.id("jpki-transaction-url")).getDomProperty("href");
              if (!TWO_DIGITS.matcher(code).matches()
                  || href == null
                  || !href.startsWith(transactionPrefix)
                  || !qrLoaded()
                  || (previous != null && previous.transactionUrl().toString().equals(href))) {
                return null;
              }
              return new Shown(URI.create(href), code);
            });
  }

  /** The QR code image is shown and its SVG has loaded (a broken image has no natural size). */
  boolean qrLoaded() {
    WebElement qr = driver.findElement(By.id("jpki-qr"));
    Object loaded =
        ((JavascriptExecutor) driver)
            .executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth > 0"
                    + " && arguments[0].currentSrc.indexOf('/qr.svg') > 0;",
                qr);
    return qr.isDisplayed() && Boolean.TRUE.equals(loaded);
  }

  /** Waits until the page shows an error; returns its code ({@code data-code}). */
  String awaitError() {
    return await
        .withMessage("the page to show an error in #jpki-error")
        .until(
            d -> {
              WebElement error = d.findElement(By.id("jpki-error"));
              return error.isDisplayed()
                  ? Objects.requireNonNull(error.getDomAttribute("data-code"))
                  : null;
            });
  }

  String errorText() {
    return text("jpki-error-text");
  }

  WebElement retryButton() {
    return driver.findElement(By.id("jpki-retry"));
  }

  private String text(String id) {
    return driver.findElement(By.id(id)).getText().strip();
  }
}
