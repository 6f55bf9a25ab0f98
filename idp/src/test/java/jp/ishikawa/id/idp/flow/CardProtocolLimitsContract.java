package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The card protocol's limits and edges that an attack got through (issue 7, items 9 and 11, and a
 * completed transaction picked up after it expired). The rate limits are set on the running IdP for
 * one test (they are read on every request) and put back after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CardProtocolLimitsContract {

  private TestIdentityProvider idp;
  private IshikawaIdProperties.Transactions limits;
  private int perSession;
  private int perAddress;
  private int responsesPerAddress;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() {
    idp = SharedIdentityProviders.get(storage());
    limits = idp.bean(IshikawaIdProperties.class).getTransactions();
  }

  @BeforeEach
  void rememberLimits() {
    perSession = limits.getPerSessionPerMinute();
    perAddress = limits.getPerAddressPerMinute();
    responsesPerAddress = limits.getResponsesPerAddressPerMinute();
  }

  @AfterEach
  void restore() {
    limits.setPerSessionPerMinute(perSession);
    limits.setPerAddressPerMinute(perAddress);
    limits.setResponsesPerAddressPerMinute(responsesPerAddress);
    idp.clock().reset();
  }

  private HttpResponse<String> create(Browser browser) {
    return browser.postJson("/jpki/transactions", Map.of("purpose", "login"));
  }

  private Browser freshSession() {
    Browser browser = new Browser(idp.issuer());
    browser.open("/login");
    return browser;
  }

  private static void assertRateLimitedWithRetryAfter(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(Browser.json(response)).containsEntry("error", "rate_limited");
    assertThat(response.headers().firstValue("Retry-After")).hasValue("60");
  }

  @Test
  void createWhenTheAddressIsOverItsLimitThenAFreshSessionIsRateLimitedWithRetryAfter() {
    // The flood came through a new session for every transaction: only the address ties them.
    limits.setPerAddressPerMinute(0);

    assertRateLimitedWithRetryAfter(create(freshSession()));
  }

  @Test
  void createWhenTheSessionIsOverItsLimitThenRateLimitedWithRetryAfter() {
    limits.setPerSessionPerMinute(1);
    Browser browser = freshSession();
    assertThat(create(browser).statusCode()).isEqualTo(201);

    assertRateLimitedWithRetryAfter(create(browser));
  }

  @Test
  void responseWhenTheAddressIsOverItsLimitThenRateLimitedWithRetryAfter() throws Exception {
    TestResident resident =
        new TestResident(idp.issuer(), TestCards.issue(idp.pki(), TestFacts.defaults()));
    resident.browser().open("/login");
    TestResident.CardTransaction transaction = resident.createTransaction("login");
    limits.setResponsesPerAddressPerMinute(0);

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(transaction.url() + "/response"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertRateLimitedWithRetryAfter(response);
  }

  @Test
  void completeWhenTheCompletedTransactionHasExpiredThenExpiredAndNotSignedIn() {
    TestResident resident =
        new TestResident(idp.issuer(), TestCards.issue(idp.pki(), TestFacts.defaults()));
    resident.browser().open("/login");
    TestResident.CardTransaction login = resident.createTransaction("login");
    assertThat(resident.tap(login, Purpose.LOGIN).success()).isTrue();
    idp.clock().advance(Duration.ofMinutes(6));

    HttpResponse<String> response = resident.complete(login);

    assertThat(Browser.location(response).toString()).endsWith("/login?error=expired");
    assertThat(Browser.location(resident.browser().get("/account")).getPath()).isEqualTo("/login");
  }

  @Test
  void transactionPageWhenTxnIsMarkupThenNotFoundJsonWithoutStackTrace() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            idp.issuer() + "/jpki/transactions/%3Cscript%3Ealert(1)%3C.script%3E"))
                    .header("Accept", "text/html")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    assertThat(Browser.json(response)).containsEntry("error", "not_found");
    assertThat(response.body()).doesNotContain("<script>").doesNotContain("Exception");
  }
}
