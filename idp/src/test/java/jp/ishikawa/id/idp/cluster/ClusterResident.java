package jp.ishikawa.id.idp.cluster;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.cardclient.protocol.TransactionClient;
import jp.ishikawa.id.cardclient.protocol.TransactionOutcome;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.SimulatedCard;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.verifier.model.Purpose;

/**
 * A resident with a browser (the testing {@link Browser}: cookie jar, CSRF token) and a simulated
 * card (card-client's own protocol code), talking to the cluster through the load balancer, or to
 * one node when a test says which: the browser by that node's own address (cookies are per host, so
 * the session follows), the card through that node as its HTTP proxy, so it still connects to and
 * signs the issuer's origin.
 */
final class ClusterResident {

  /** A step that did not give what a working IdP gives: the step and what came back. */
  static final class StepFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailed(String message) {
      super(message, null, false, false);
    }
  }

  /** The transaction the browser created. */
  record Transaction(String txn, URI url, String code) {}

  /** How a portal login went: the tokens, and which screens the resident passed through. */
  record PortalVisit(OIDCTokens tokens, boolean registered, boolean consented) {}

  private final URI issuer;
  private final CardContents card;
  private final SimulatedCard simulated;
  private Browser browser;

  ClusterResident(URI issuer, CardContents card) {
    this.issuer = issuer;
    this.card = card;
    this.simulated = SimulatedCard.of(card);
    this.browser = new Browser(issuer);
  }

  Browser browser() {
    return browser;
  }

  /** A new browser: the same resident on another device (nothing in common but the card). */
  void newBrowser() {
    browser = new Browser(issuer);
  }

  CardContents card() {
    return card;
  }

  /** Opens {@code /login} at {@code base} (the load balancer or one node). */
  void openLogin(URI base) {
    HttpResponse<String> page = browser.open(base.resolve("/login").toString());
    expect(page.statusCode() == 200, "login page", page);
  }

  Transaction createTransaction(URI base, Purpose purpose) {
    HttpResponse<String> response =
        browser.postJson(
            base.resolve("/jpki/transactions").toString(), Map.of("purpose", purpose.code()));
    expect(response.statusCode() == 201, "create " + purpose.code() + " transaction", response);
    Map<String, Object> json = Browser.json(response);
    return new Transaction(
        (String) json.get("txn"),
        URI.create((String) json.get("qr_url")),
        (String) json.get("confirmation_code"));
  }

  /** The card answers, connecting to the issuer's origin through {@code node} (or directly). */
  TransactionOutcome tap(Transaction transaction, Purpose purpose, IdpNode node) {
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (node != null) {
      http.proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", node.port())));
    }
    TransactionClient client = new TransactionClient(http.build(), Duration.ofSeconds(20));
    String secret = purpose == Purpose.LOGIN ? card.pin() : card.password();
    return client.run(
        transaction.url(), purpose, simulated, transaction.code(), secret.toCharArray());
  }

  /** The login page's polling fallback: the status once. */
  String status(URI base, Transaction transaction) {
    HttpResponse<String> response =
        browser.getJson(
            base.resolve("/jpki/transactions/" + transaction.txn() + "/events").toString());
    expect(response.statusCode() == 200, "transaction status", response);
    return (String) Browser.json(response).get("status");
  }

  HttpResponse<String> complete(URI base, Transaction transaction) {
    HttpResponse<String> response =
        browser.postForm(
            base.resolve("/login/jpki/complete").toString(),
            Map.of("txn", List.of(transaction.txn())));
    expect(Browser.isRedirect(response), "complete", response);
    return response;
  }

  /** One card step through the load balancer: create, tap, poll once, complete. */
  HttpResponse<String> cardStep(Purpose purpose) {
    Transaction transaction = createTransaction(issuer, purpose);
    TransactionOutcome outcome = tap(transaction, purpose, null);
    if (!outcome.success()) {
      throw new StepFailed(purpose.code() + " card response: " + outcome);
    }
    String status = status(issuer, transaction);
    if (!"completed".equals(status)) {
      throw new StepFailed(purpose.code() + " status " + status);
    }
    return complete(issuer, transaction);
  }

  /**
   * The portal sends the resident here (Nimbus SDK builds the request from discovery); the resident
   * logs in with the card, registers if the card is new, consents if asked, and the portal
   * exchanges the code for tokens. Any step that fails throws {@link StepFailed} or an I/O error:
   * the caller decides whether the resident tries again.
   */
  PortalVisit visitPortal(OIDCProviderMetadata metadata) throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    URI authorize =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope("openid", "profile"),
                new ClientID(Cluster.PORTAL),
                Cluster.PORTAL_REDIRECT)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .state(state)
            .nonce(new Nonce())
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build()
            .toURI();
    boolean registered = false;
    boolean consented = false;
    HttpResponse<String> response = browser.get(authorize.toString());
    if (Browser.isRedirect(response) && Browser.location(response).getPath().equals("/login")) {
      openLogin(issuer);
      response = cardStep(Purpose.LOGIN);
      if (Browser.location(response).getPath().equals("/register")) {
        HttpResponse<String> page = browser.open(issuer.resolve("/register").toString());
        expect(page.statusCode() == 200, "registration page", page);
        response = cardStep(Purpose.IDENTITY);
        registered = true;
      }
    }
    response = browser.follow(response);
    if (response.statusCode() == 200
        && response.request().uri().getPath().equals("/oauth2/consent")) {
      Map<String, List<String>> query = query(response.request().uri());
      response =
          browser.postForm(
              issuer.resolve("/oauth2/authorize").toString(),
              Map.of(
                  "client_id", query.get("client_id"),
                  "state", query.get("state"),
                  "scope", List.of("profile")));
      consented = true;
    }
    expect(Browser.isRedirect(response), "authorization", response);
    URI back = Browser.location(response);
    expect(back.getHost().equals(Cluster.PORTAL_REDIRECT.getHost()), "redirect back", response);
    AuthorizationResponse answer = AuthorizationResponse.parse(back);
    if (answer instanceof AuthorizationErrorResponse error) {
      throw new StepFailed("authorization error " + error.getErrorObject().getCode());
    }
    AuthorizationCode code = answer.toSuccessResponse().getAuthorizationCode();
    TokenResponse tokens =
        OIDCTokenResponseParser.parse(
            new TokenRequest.Builder(
                    metadata.getTokenEndpointURI(),
                    portalAuthentication(),
                    new AuthorizationCodeGrant(code, Cluster.PORTAL_REDIRECT, verifier))
                .build()
                .toHTTPRequest()
                .send());
    if (!tokens.indicatesSuccess()) {
      throw new StepFailed(
          "token request: " + tokens.toErrorResponse().getErrorObject().getHTTPStatusCode());
    }
    return new PortalVisit(
        ((OIDCTokenResponse) tokens.toSuccessResponse()).getOIDCTokens(), registered, consented);
  }

  static ClientSecretBasic portalAuthentication() {
    return new ClientSecretBasic(new ClientID(Cluster.PORTAL), new Secret(Cluster.PORTAL_SECRET));
  }

  private static void expect(boolean condition, String step, HttpResponse<String> response) {
    if (!condition) {
      throw new StepFailed(
          step + ": HTTP " + response.statusCode() + " at " + response.request().uri().getPath());
    }
  }

  private static Map<String, List<String>> query(URI uri) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      values
          .computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
          .add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return values;
  }
}
