package jp.ishikawa.id.consentui.browser;

import java.net.URI;
import java.util.List;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * What the staff browser tests do in Chromium: open a consent-ui page, tap the IdP's demo card
 * (with a signature certificate: the demo admin), go Tab by Tab, and confirm a dangerous action,
 * through the fresh card tap when the IdP asks for one.
 */
final class StaffBrowser {

  private final HeadlessChromium chromium;
  private final URI home;
  private final URI idp;
  private int freshTaps;

  StaffBrowser(HeadlessChromium chromium, URI home, URI idp) {
    this.chromium = chromium;
    this.home = home;
    this.idp = idp;
  }

  /** How many times a confirmation went through the IdP for a fresh card tap. */
  int freshTaps() {
    return freshTaps;
  }

  void open(String path) {
    chromium.driver().get(home.resolve(path).toString());
    awaitConsentUi();
  }

  void awaitConsentUi() {
    chromium
        .await()
        .withMessage("consent-ui to show a page")
        .until(
            d ->
                d.getCurrentUrl().startsWith(home.toString())
                    && !d.findElements(By.id("main")).isEmpty());
  }

  String path() {
    return URI.create(chromium.driver().getCurrentUrl()).getPath();
  }

  WebElement byId(String id) {
    return chromium.driver().findElement(By.id(id));
  }

  boolean has(String id) {
    return !chromium.driver().findElements(By.id(id)).isEmpty();
  }

  /** On the IdP's login or registration page: the demo card button. */
  void tapDemoCard() {
    WebElement button =
        chromium
            .await()
            .withMessage(
                () ->
                    "the IdP's page to offer the demo card; the browser is on "
                        + chromium.driver().getCurrentUrl())
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
  }

  /** Signs in to consent-ui through the IdP with the demo admin card (registering at first). */
  void signIn(String path) {
    chromium.driver().get(home.resolve(path).toString());
    tapDemoCard();
    chromium
        .await()
        .withMessage("registration or consent-ui after the tap")
        .until(d -> d.getCurrentUrl().startsWith(home.toString()) || onIdp("/register"));
    if (onIdp("/register")) {
      tapDemoCard();
    }
    awaitConsentUi();
  }

  boolean onIdp(String path) {
    URI current = URI.create(chromium.driver().getCurrentUrl());
    return current.getPort() == idp.getPort() && current.getPath().equals(path);
  }

  /**
   * Presses the confirmation button of a dangerous action; when the API asks for a fresh card tap
   * the browser goes to the IdP's login, the card is tapped, and the browser comes back to the same
   * confirmation, which says the card was read; the button is pressed once more.
   *
   * @param doneId an element of the page shown when the action is done
   * @return whether a fresh tap was needed
   */
  boolean confirmDangerous(String confirmationPath, String doneId) {
    byId("confirm-action").click();
    chromium
        .await()
        .withMessage("the action to finish or the IdP to ask for the card")
        .until(
            d -> onIdp("/login") || (d.getCurrentUrl().startsWith(home.toString()) && has(doneId)));
    if (!onIdp("/login")) {
      return false;
    }
    freshTaps++;
    tapDemoCard();
    chromium
        .await()
        .withMessage("back on the confirmation after the fresh tap")
        .until(d -> d.getCurrentUrl().startsWith(home.toString()) && has("tapped"));
    if (!path().equals(confirmationPath)) {
      throw new AssertionError("back on " + path() + ", not " + confirmationPath);
    }
    byId("confirm-action").click();
    chromium
        .await()
        .withMessage("the action to finish after the fresh tap")
        .until(d -> d.getCurrentUrl().startsWith(home.toString()) && has(doneId));
    return true;
  }

  void awaitPath(Predicate<String> wanted) {
    chromium.await().withMessage("the browser to move on").until(d -> wanted.test(path()));
  }

  /** Presses Tab until {@code id} has the focus (at most 80 times): the keyboard-only path. */
  void tabTo(String id) {
    for (int i = 0; i < 80; i++) {
      keys(Keys.TAB);
      WebElement focused = chromium.driver().switchTo().activeElement();
      if (id.equals(focused.getDomAttribute("id"))) {
        return;
      }
    }
    throw new AssertionError("Tab never reached #" + id);
  }

  void keys(CharSequence... keys) {
    new Actions(chromium.driver()).sendKeys(keys).perform();
  }
}
