package jp.ishikawa.id.idp.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import jp.ishikawa.id.cardclient.protocol.TransactionClient;
import jp.ishikawa.id.cardclient.protocol.TransactionOutcome;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.SimulatedCard;
import jp.ishikawa.id.verifier.model.Purpose;

/**
 * A resident in front of the real browser with a (simulated) My Number card: reads the link and the
 * code off the page, taps the card with card-client's real protocol code, and watches the page move
 * on by itself.
 */
final class BrowserResident {

  private final HeadlessChromium chromium;
  private final URI issuer;
  private final CardContents card;
  private final SimulatedCard simulated;
  private final CardWidget widget;
  private final TransactionClient client =
      new TransactionClient(HttpClient.newHttpClient(), Duration.ofSeconds(20));

  BrowserResident(HeadlessChromium chromium, URI issuer, CardContents card) {
    this.chromium = chromium;
    this.issuer = issuer;
    this.card = card;
    this.simulated = SimulatedCard.of(card);
    this.widget = new CardWidget(chromium, issuer);
  }

  CardWidget widget() {
    return widget;
  }

  void open(String pathAndQuery) {
    chromium.driver().get(issuer + pathAndQuery);
  }

  /** Types {@code code} into the card client and enters the PIN or signature password. */
  TransactionOutcome tap(CardWidget.Shown shown, Purpose purpose, String code) {
    String secret = purpose == Purpose.LOGIN ? card.pin() : card.password();
    return client.run(shown.transactionUrl(), purpose, simulated, code, secret.toCharArray());
  }

  TransactionOutcome tap(CardWidget.Shown shown, Purpose purpose) {
    return tap(shown, purpose, shown.code());
  }

  /** Waits until the browser is on {@code path} of the IdP, without anyone clicking. */
  void awaitPath(String path) {
    chromium
        .await()
        .withMessage("the browser to move on to " + path)
        .until(d -> URI.create(d.getCurrentUrl()).getPath().equals(path));
  }

  /** Taps the card for the transaction the page shows, expecting the server to accept it. */
  void tapShownTransaction(Purpose purpose) {
    CardWidget.Shown shown = widget.awaitTransaction();
    TransactionOutcome outcome = tap(shown, purpose);
    if (!outcome.success()) {
      throw new AssertionError("the card's answer was refused: " + outcome);
    }
  }

  /** From the login page the browser is on: log in with a new card and register it. */
  void logInAndRegister() {
    tapShownTransaction(Purpose.LOGIN);
    awaitPath("/register");
    tapShownTransaction(Purpose.IDENTITY);
    awaitPath("/account");
  }
}
