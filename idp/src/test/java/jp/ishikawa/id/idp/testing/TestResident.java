package jp.ishikawa.id.idp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.cardclient.protocol.TransactionClient;
import jp.ishikawa.id.cardclient.protocol.TransactionOutcome;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.SimulatedCard;
import jp.ishikawa.id.verifier.model.Purpose;

/**
 * A resident with a browser and a (simulated) My Number card, doing what the login page and the
 * card client do: create a card transaction in the browser, tap the card with card-client's real
 * protocol code, and let the browser pick up the result.
 */
public final class TestResident {

  /** A transaction the browser created: what the login page shows. */
  public record CardTransaction(
      String txn, URI url, String appLink, String code, String expiresAt) {}

  private final Browser browser;
  private CardContents card;
  private SimulatedCard simulated;
  private final TransactionClient client =
      new TransactionClient(HttpClient.newHttpClient(), Duration.ofSeconds(20));

  public TestResident(URI issuer, CardContents card) {
    this.browser = new Browser(issuer);
    this.card = card;
    this.simulated = SimulatedCard.of(card);
  }

  public Browser browser() {
    return browser;
  }

  /** The resident's card changes (renewal, a new signature certificate after moving house). */
  public void replaceCard(CardContents newCard) {
    this.card = newCard;
    this.simulated = SimulatedCard.of(newCard);
  }

  public CardContents card() {
    return card;
  }

  /** The browser asks for a transaction of {@code purpose} (the page must be open for CSRF). */
  public CardTransaction createTransaction(String purpose) {
    HttpResponse<String> response =
        browser.postJson("/jpki/transactions", Map.of("purpose", purpose));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    Map<String, Object> json = Browser.json(response);
    return new CardTransaction(
        (String) json.get("txn"),
        URI.create((String) json.get("qr_url")),
        (String) json.get("app_link"),
        (String) json.get("confirmation_code"),
        (String) json.get("expires_at"));
  }

  /** Taps the card for {@code transaction}, typing {@code code}. */
  public TransactionOutcome tap(CardTransaction transaction, Purpose purpose, String code) {
    String secret = purpose == Purpose.LOGIN ? card.pin() : card.password();
    return client.run(transaction.url(), purpose, simulated, code, secret.toCharArray());
  }

  public TransactionOutcome tap(CardTransaction transaction, Purpose purpose) {
    return tap(transaction, purpose, transaction.code());
  }

  /** The browser picks up the completed transaction. */
  public HttpResponse<String> complete(CardTransaction transaction) {
    return browser.postForm("/login/jpki/complete", Map.of("txn", List.of(transaction.txn())));
  }

  /** Logs in with a card that is not registered yet, stopping at the registration page. */
  public void logInFromLoginPageUntilRegistration() {
    CardTransaction login = createTransaction("login");
    assertThat(tap(login, Purpose.LOGIN).success()).isTrue();
    HttpResponse<String> afterLogin = complete(login);
    assertThat(Browser.location(afterLogin).getPath()).isEqualTo("/register");
    browser.open("/register");
  }

  /**
   * From the login page: log in with the card and, when the card is new, register with the
   * signature certificate (or without it for a card that has none). Returns the response after the
   * last card step (a redirect to wherever the login continues).
   */
  public HttpResponse<String> logInFromLoginPage() {
    CardTransaction login = createTransaction("login");
    assertThat(tap(login, Purpose.LOGIN).success()).isTrue();
    HttpResponse<String> afterLogin = complete(login);
    assertThat(afterLogin.statusCode()).isEqualTo(302);
    if (!Browser.location(afterLogin).getPath().equals("/register")) {
      return afterLogin;
    }
    browser.open("/register");
    if (!card.hasSignature()) {
      return browser.postForm("/register/without-facts", Map.of());
    }
    CardTransaction identity = createTransaction("identity");
    TransactionOutcome outcome = tap(identity, Purpose.IDENTITY);
    assertThat(outcome.success()).as(outcome.toString()).isTrue();
    return complete(identity);
  }
}
