package jp.ishikawa.id.idp.load;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.Provider;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.ishikawa.id.cardclient.protocol.TransactionClient;
import jp.ishikawa.id.cardclient.protocol.TransactionOutcome;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.SimulatedCard;
import jp.ishikawa.id.idp.crypto.JoseProvider;
import jp.ishikawa.id.verifier.model.Purpose;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A resident with a simulated My Number card, doing what the login page's script and card-client
 * do, step by step over real HTTP (ARCHITECTURE.md, wire protocol v1): the browser creates a
 * transaction, card-client's own protocol code fetches it and posts the signed response, the
 * browser asks {@code /events} for the status once (the polling fallback) and completes the login.
 *
 * <p>Not thread-safe: a card is in one reader at a time, so each harness worker owns its residents.
 */
final class VirtualResident {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * The simulated cards' RSA provider: the native one where it loads, unless {@code
   * LOAD_CARD_RSA=jdk} (run-load.sh) asks for the JDK's.
   */
  private static final Optional<Provider> CARD_RSA =
      "jdk".equals(System.getProperty("load.cardRsa"))
          ? Optional.empty()
          : JoseProvider.nativeIfUsable();

  private final CardContents card;
  private final SimulatedCard simulated;

  VirtualResident(CardContents card) {
    this.card = card;
    this.simulated = SimulatedCard.of(card);
    // The card's RSA is the chip's work, not the IdP's: in native code where it loads, so the
    // harness takes less of the machine it measures (docs/performance.md).
    CARD_RSA.ifPresent(simulated::withRsaProvider);
  }

  /** A card login from a new browser session, ending signed in at the account page. */
  void logIn(VirtualBrowser browser, TransactionClient cardClient) {
    expectPage(browser.open("/login"), "/login");
    HttpResponse<String> done = tap(browser, cardClient, Purpose.LOGIN);
    expectRedirect(done, "/account", "login");
  }

  /**
   * Registration from a new browser session: a login with the unknown card, then the identity
   * transaction with the signature certificate (facts verified, encrypted and stored), ending
   * signed in at the account page.
   */
  void register(VirtualBrowser browser, TransactionClient cardClient) {
    expectPage(browser.open("/login"), "/login");
    expectRedirect(tap(browser, cardClient, Purpose.LOGIN), "/register", "registration login");
    expectPage(browser.open("/register"), "/register");
    expectRedirect(tap(browser, cardClient, Purpose.IDENTITY), "/account", "registration");
  }

  /**
   * Logs in on the login page an authorization request was sent to, and answers the consent screen
   * if there is one: the response is the redirect back to the relying party.
   */
  HttpResponse<String> logInForAuthorization(
      VirtualBrowser browser, TransactionClient cardClient, URI authorizationRequest) {
    HttpResponse<String> response = browser.get(authorizationRequest.toString());
    if (VirtualBrowser.isRedirect(response)
        && VirtualBrowser.location(response).getPath().equals("/login")) {
      expectPage(browser.open("/login"), "/login");
      response = tap(browser, cardClient, Purpose.LOGIN);
    }
    response = browser.follow(response);
    if (response.statusCode() == 200
        && response.request().uri().getPath().equals("/oauth2/consent")) {
      response = approveConsent(browser, response.request().uri());
    }
    if (!VirtualBrowser.isRedirect(response)) {
      throw new FlowFailure(
          "authorization: no redirect back to the client, got " + response.statusCode());
    }
    return response;
  }

  /**
   * A relying party's sign-in from a new browser session of a resident who consented before: the
   * authorization request sends the browser to the login page, the card login completes, and the
   * IdP goes straight back to the relying party (the consent is remembered: a consent screen here
   * is a failure). The response is that redirect.
   */
  HttpResponse<String> logInWithRememberedConsent(
      VirtualBrowser browser, TransactionClient cardClient, URI authorizationRequest) {
    HttpResponse<String> response = browser.get(authorizationRequest.toString());
    if (!VirtualBrowser.isRedirect(response)
        || !VirtualBrowser.location(response).getPath().equals("/login")) {
      throw new FlowFailure(
          "authorize: no redirect to the login page, got " + response.statusCode());
    }
    expectPage(browser.open("/login"), "/login");
    response = browser.follow(tap(browser, cardClient, Purpose.LOGIN));
    if (!VirtualBrowser.isRedirect(response)) {
      throw new FlowFailure(
          "authorization after login: "
              + response.statusCode()
              + " at "
              + response.request().uri().getPath()
              + " instead of the redirect back (consent not remembered?)");
    }
    return response;
  }

  /** The browser's transaction, the card's answer, one status poll, and the completion. */
  private HttpResponse<String> tap(
      VirtualBrowser browser, TransactionClient cardClient, Purpose purpose) {
    HttpResponse<String> created =
        browser.postJson("/jpki/transactions", "{\"purpose\":\"" + purpose.code() + "\"}");
    if (created.statusCode() != 201) {
      throw new FlowFailure(
          "create "
              + purpose.code()
              + " transaction: "
              + created.statusCode()
              + " "
              + error(created));
    }
    JsonNode transaction = JSON.readTree(created.body());
    String txn = transaction.get("txn").asString();
    URI url = URI.create(transaction.get("qr_url").asString());
    String code = transaction.get("confirmation_code").asString();

    String secret = purpose == Purpose.LOGIN ? card.pin() : card.password();
    TransactionOutcome outcome =
        cardClient.run(url, purpose, simulated, code, secret.toCharArray());
    if (outcome instanceof TransactionOutcome.Failed failed) {
      throw new FlowFailure(purpose.code() + " card response refused: " + failed.code());
    }

    HttpResponse<String> events = browser.getJson("/jpki/transactions/" + txn + "/events");
    String status =
        events.statusCode() == 200 ? JSON.readTree(events.body()).get("status").asString() : null;
    if (!"completed".equals(status)) {
      throw new FlowFailure(
          purpose.code() + " events: " + events.statusCode() + " status " + status);
    }
    return browser.postForm("/login/jpki/complete", Map.of("txn", List.of(txn)));
  }

  private static HttpResponse<String> approveConsent(VirtualBrowser browser, URI consentPage) {
    Map<String, List<String>> query = Query.parse(consentPage);
    List<String> scopes =
        List.of(query.get("scope").getFirst().split(" ")).stream()
            .filter(s -> !s.equals("openid"))
            .toList();
    return browser.postForm(
        "/oauth2/authorize",
        Map.of("client_id", query.get("client_id"), "state", query.get("state"), "scope", scopes));
  }

  private static void expectPage(HttpResponse<String> response, String path) {
    if (response.statusCode() != 200) {
      throw new FlowFailure(path + ": " + response.statusCode());
    }
  }

  private static void expectRedirect(HttpResponse<String> response, String path, String step) {
    if (!VirtualBrowser.isRedirect(response)) {
      throw new FlowFailure(step + " complete: " + response.statusCode());
    }
    URI location = VirtualBrowser.location(response);
    if (!location.getPath().equals(path)) {
      // The path and the error code of /login?error=..., nothing personal.
      throw new FlowFailure(
          step + " complete: redirect to " + location.getPath() + query(location));
    }
  }

  private static String query(URI location) {
    return location.getRawQuery() == null ? "" : "?" + location.getRawQuery();
  }

  private static String error(HttpResponse<String> response) {
    try {
      JsonNode json = JSON.readTree(response.body());
      return json.has("error") ? json.get("error").asString() : "";
    } catch (JacksonException e) {
      return "(not JSON)";
    }
  }
}
