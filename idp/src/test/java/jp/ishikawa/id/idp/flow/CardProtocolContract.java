package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import jp.ishikawa.id.cardclient.protocol.TransactionOutcome;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.idp.testing.TestResident.CardTransaction;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import jp.ishikawa.id.verifier.testpki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

/**
 * The card-reader wire protocol against a running IdP: each refusal the protocol promises, and
 * registration, renewal and the card without a signature certificate. Runs on both storages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CardProtocolContract {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  protected TestIdentityProvider idp;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() {
    idp = SharedIdentityProviders.get(storage());
  }

  @AfterEach
  void resetClock() {
    idp.clock().reset();
  }

  private TestResident resident(CardContents card) {
    TestResident resident = new TestResident(idp.issuer(), card);
    resident.browser().open("/login");
    return resident;
  }

  private TestResident resident() {
    return resident(
        TestCards.issue(idp.pki(), TestFacts.defaults().withName("札幌　" + System.nanoTime())));
  }

  private static String failureCode(TransactionOutcome outcome) {
    assertThat(outcome).isInstanceOf(TransactionOutcome.Failed.class);
    return ((TransactionOutcome.Failed) outcome).code();
  }

  private String status(TestResident resident, CardTransaction transaction) {
    HttpResponse<String> response =
        resident.browser().getJson("/jpki/transactions/" + transaction.txn() + "/events");
    Map<String, Object> json = Browser.json(response);
    return json.get("status") + (json.containsKey("reason") ? ":" + json.get("reason") : "");
  }

  /** What a card client sends, built by hand to send what card-client refuses to. */
  private HttpResponse<String> postResponse(URI transactionUrl, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(transactionUrl + "/response"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Test
  void transactionWhenCreatedThenWireFieldsAsSpecified() {
    TestResident resident = resident();
    CardTransaction transaction = resident.createTransaction("login");

    assertThat(transaction.txn()).matches("[A-Za-z0-9_-]{22}");
    assertThat(transaction.url().toString())
        .isEqualTo(idp.issuer() + "/jpki/transactions/" + transaction.txn());
    assertThat(transaction.appLink()).startsWith("ishikawa-id://jpki?url=");
    assertThat(transaction.code()).matches("[0-9]{2}");
    assertThat(transaction.expiresAt()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    assertThat(Instant.parse(transaction.expiresAt()))
        .isAfter(Instant.now().plus(Duration.ofMinutes(4)));
    HttpResponse<String> described = resident.browser().getJson(transaction.url().toString());
    Map<String, Object> json = Browser.json(described);
    assertThat(json).containsOnlyKeys("txn", "purpose", "service_name", "challenge", "expires_at");
    assertThat((String) json.get("challenge")).matches("[A-Za-z0-9_-]{43}");
    assertThat(json.get("purpose")).isEqualTo("login");
  }

  @Test
  void transactionUrlWhenOpenedInBrowserThenPageExplainsTheCardReader() {
    TestResident resident = resident();
    CardTransaction transaction = resident.createTransaction("login");

    HttpResponse<String> page = resident.browser().get(transaction.url().toString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.body())
        .contains(transaction.url().toString())
        .contains("ishikawa-id://jpki?url=");
  }

  @Test
  void responseWhenReplayedThenConsumed() {
    TestResident resident = resident();
    CardTransaction transaction = resident.createTransaction("login");
    assertThat(resident.tap(transaction, Purpose.LOGIN).success()).isTrue();

    TransactionOutcome replay = resident.tap(transaction, Purpose.LOGIN);

    assertThat(failureCode(replay)).isEqualTo("consumed");
    assertThat(status(resident, transaction)).isEqualTo("completed");
  }

  @Test
  void transactionWhenExpiredThenExpiredForCardAndBrowser() {
    TestResident resident = resident();
    CardTransaction transaction = resident.createTransaction("login");
    idp.clock().advance(Duration.ofMinutes(6));

    TransactionOutcome outcome = resident.tap(transaction, Purpose.LOGIN);

    assertThat(failureCode(outcome)).isEqualTo("expired");
    assertThat(status(resident, transaction)).isEqualTo("failed:expired");
  }

  @Test
  void transactionWhenFollowedFromAnotherSessionThenNotFound() {
    TestResident owner = resident();
    CardTransaction transaction = owner.createTransaction("login");
    assertThat(owner.tap(transaction, Purpose.LOGIN).success()).isTrue();
    Browser stranger = new Browser(idp.issuer());
    stranger.open("/login");

    HttpResponse<String> events =
        stranger.getJson("/jpki/transactions/" + transaction.txn() + "/events");
    HttpResponse<String> complete =
        stranger.postForm(
            "/login/jpki/complete", Map.of("txn", java.util.List.of(transaction.txn())));

    assertThat(events.statusCode()).isEqualTo(404);
    assertThat(Browser.json(events).get("error")).isEqualTo("not_found");
    assertThat(Browser.location(complete).toString()).endsWith("/login?error=not_found");
    // The owner still gets in: the stranger's attempts consumed nothing.
    assertThat(Browser.location(owner.complete(transaction)).getPath()).isEqualTo("/register");
  }

  @Test
  void responseWhenWrongConfirmationCodeThenWrongCodeAndTransactionFailed() {
    TestResident resident = resident();
    CardTransaction transaction = resident.createTransaction("login");
    String wrong = transaction.code().equals("00") ? "01" : "00";

    TransactionOutcome outcome = resident.tap(transaction, Purpose.LOGIN, wrong);

    assertThat(failureCode(outcome)).isEqualTo("wrong_code");
    assertThat(status(resident, transaction)).isEqualTo("failed:wrong_code");
    assertThat(Browser.location(resident.complete(transaction)).toString())
        .endsWith("error=wrong_code");
  }

  @Test
  void responseWhenCertificateRevokedThenRevoked() {
    CardContents card = TestCards.issue(idp.pki(), TestFacts.defaults());
    idp.revoke(card.authenticationCertificate().getSerialNumber());
    TestResident resident = resident(card);
    CardTransaction transaction = resident.createTransaction("login");

    assertThat(failureCode(resident.tap(transaction, Purpose.LOGIN))).isEqualTo("revoked");
  }

  @Test
  void responseWhenCertificateExpiredThenCertificateExpired() throws Exception {
    IssuedCertificate expired =
        idp.pki()
            .issue(
                LeafSpec.authentication()
                    .validity(
                        Instant.now().minus(Duration.ofDays(400)),
                        Instant.now().minus(Duration.ofDays(1))));
    CardContents card =
        CardContents.authenticationOnly(
            expired, idp.pki().newestRoot(Purpose.LOGIN).certificate(), TestCards.DEFAULT_PIN);
    TestResident resident = resident(card);

    assertThat(failureCode(resident.tap(resident.createTransaction("login"), Purpose.LOGIN)))
        .isEqualTo("certificate_expired");
  }

  @Test
  void responseWhenCertificateFromUntrustedPkiThenUntrustedIssuer() {
    TestPki stranger = TestPki.create();
    TestResident resident = resident(TestCards.issue(stranger));

    assertThat(failureCode(resident.tap(resident.createTransaction("login"), Purpose.LOGIN)))
        .isEqualTo("untrusted_issuer");
  }

  @Test
  void identityTransactionWhenAnsweredWithAuthenticationKeyThenWrongPurpose() throws Exception {
    TestResident resident =
        new TestResident(idp.issuer(), TestCards.issue(idp.pki(), TestFacts.defaults()));
    resident.browser().open("/login");
    resident.logInFromLoginPageUntilRegistration();
    CardTransaction identity = resident.createTransaction("identity");
    String body =
        handMadeAnswer(
            resident,
            identity,
            resident.card().authenticationKey(),
            resident.card().authenticationCertificate());

    HttpResponse<String> response = postResponse(identity.url(), body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Browser.json(response).get("error")).isEqualTo("wrong_purpose");
  }

  @Test
  void registrationWhenFactsComeFromAnotherCardThenCardMismatchAndNothingBound() {
    TestResident resident = resident();
    resident.logInFromLoginPageUntilRegistration();
    CardContents loggedIn = resident.card();
    TestResident.CardTransaction identity = resident.createTransaction("identity");
    // Someone else's card (with its own password) answers the registration step.
    resident.replaceCard(
        TestCards.issue(idp.pki(), TestFacts.defaults().withName("他人　" + System.nanoTime())));

    TransactionOutcome outcome = resident.tap(identity, Purpose.IDENTITY);

    assertThat(failureCode(outcome)).isEqualTo("card_mismatch");
    ResidentService residents = idp.bean(ResidentService.class);
    assertThat(residents.findByCredential(fingerprint(loggedIn))).isEmpty();
    assertThat(residents.findByCredential(fingerprint(resident.card()))).isEmpty();
  }

  @Test
  void registrationWhenIdentityAnswerOmitsAuthenticationCertificateThenInvalidRequest()
      throws Exception {
    TestResident resident = resident();
    resident.logInFromLoginPageUntilRegistration();
    CardTransaction identity = resident.createTransaction("identity");
    String body =
        handMadeAnswer(
            resident,
            identity,
            resident.card().signatureKey(),
            resident.card().signatureCertificate());

    HttpResponse<String> response = postResponse(identity.url(), body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Browser.json(response).get("error")).isEqualTo("invalid_request");
    assertThat(idp.bean(ResidentService.class).findByCredential(fingerprint(resident.card())))
        .isEmpty();
  }

  /**
   * An identity answer built by hand, signing the message the IdP expects with {@code key}: what
   * card-client would refuse to send (the wrong key, or no authentication certificate).
   */
  private String handMadeAnswer(
      TestResident resident,
      CardTransaction identity,
      java.security.PrivateKey key,
      java.security.cert.X509Certificate certificate)
      throws Exception {
    Map<String, Object> described =
        Browser.json(resident.browser().getJson(identity.url().toString()));
    byte[] message =
        ("ishikawa-id-jpki-v1\norigin="
                + idp.issuer()
                + "\ntxn="
                + identity.txn()
                + "\npurpose=identity\nchallenge="
                + described.get("challenge")
                + "\ncode="
                + identity.code())
            .getBytes(StandardCharsets.UTF_8);
    java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA");
    signer.initSign(key);
    signer.update(message);
    return JSON.writeValueAsString(
        Map.of(
            "certificate", b64(certificate.getEncoded()),
            "signature", b64(signer.sign()),
            "confirmation_code", identity.code()));
  }

  private static String fingerprint(CardContents card) {
    try {
      return jp.ishikawa.id.verifier.model.Fingerprint.sha256(
          card.authenticationCertificate().getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void responseWhenNotBase64UrlThenInvalidRequestAndConsumed() throws Exception {
    TestResident resident = resident();
    CardTransaction transaction = resident.createTransaction("login");

    HttpResponse<String> response =
        postResponse(
            transaction.url(),
            "{\"certificate\":\"a+b/\",\"signature\":\"AAAA\",\"confirmation_code\":\""
                + transaction.code()
                + "\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Browser.json(response).get("error")).isEqualTo("invalid_request");
    assertThat(status(resident, transaction)).isEqualTo("failed:invalid_request");
  }

  @Test
  void responseWhenBodyNotJsonThenInvalidRequest() throws Exception {
    TestResident resident = resident();
    CardTransaction transaction = resident.createTransaction("login");

    HttpResponse<String> response = postResponse(transaction.url(), "not json");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Browser.json(response).get("error")).isEqualTo("invalid_request");
  }

  @Test
  void responseWhenBodyOversizedThenPayloadTooLarge() throws Exception {
    TestResident resident = resident();
    CardTransaction transaction = resident.createTransaction("login");

    HttpResponse<String> response =
        postResponse(transaction.url(), "{\"certificate\":\"" + "A".repeat(40_000) + "\"}");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(Browser.json(response).get("error")).isEqualTo("payload_too_large");
    // Nothing was consumed: the real card can still answer.
    assertThat(resident.tap(transaction, Purpose.LOGIN).success()).isTrue();
  }

  @Test
  void responseWhenNotSentAsJsonThenInvalidRequestAsJson() throws Exception {
    TestResident resident = resident();
    CardTransaction transaction = resident.createTransaction("login");

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(transaction.url() + "/response"))
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("certificate=..."))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Browser.json(response).get("error")).isEqualTo("invalid_request");
    // Refused before reaching the transaction: the real card can still answer.
    assertThat(resident.tap(transaction, Purpose.LOGIN).success()).isTrue();
  }

  @Test
  void transactionWhenUnknownThenNotFound() {
    HttpResponse<String> response =
        new Browser(idp.issuer()).getJson("/jpki/transactions/AAAAAAAAAAAAAAAAAAAAAA");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(Browser.json(response).get("error")).isEqualTo("not_found");
  }

  @Test
  void registrationWhenCardWithoutSignatureCertificateThenAccountWithoutVerifiedFacts() {
    TestResident resident = resident(TestCards.issue(idp.pki()));

    HttpResponse<String> response = resident.logInFromLoginPage();

    assertThat(Browser.location(response).getPath()).isEqualTo("/account");
    HttpResponse<String> account = resident.browser().get("/account");
    assertThat(account.statusCode()).isEqualTo(200);
    String ishikawaId = ishikawaIdOn(account.body());
    Resident registered =
        idp.bean(ResidentService.class).findByIshikawaId(ishikawaId).orElseThrow();
    assertThat(idp.bean(ResidentService.class).verifiedFacts(registered.id())).isEmpty();
  }

  @Test
  void renewalWhenNewCardOfSamePersonThenSameIshikawaId() {
    TestFacts facts = TestFacts.defaults().withName("更新　" + System.nanoTime());
    TestResident first = resident(TestCards.issue(idp.pki(), facts));
    first.logInFromLoginPage();
    String original = ishikawaIdOn(first.browser().get("/account").body());

    TestResident renewed = resident(TestCards.issue(idp.pki(), facts));
    renewed.logInFromLoginPage();
    String after = ishikawaIdOn(renewed.browser().get("/account").body());

    assertThat(after).isEqualTo(original);
    Resident resident = idp.bean(ResidentService.class).findByIshikawaId(original).orElseThrow();
    assertThat(idp.bean(ResidentService.class).bindings(resident.id())).hasSize(2);
  }

  @Test
  void renewalWhenSameNameAndBirthdayButOtherPersonThenNewIshikawaId() {
    TestFacts facts = TestFacts.defaults().withName("同名　" + System.nanoTime());
    TestResident first = resident(TestCards.issue(idp.pki(), facts));
    first.logInFromLoginPage();
    String original = ishikawaIdOn(first.browser().get("/account").body());

    TestFacts namesake = facts.withAddress("石川県白山市鶴来本町１丁目１番地");
    TestResident other = resident(TestCards.issue(idp.pki(), namesake));
    other.logInFromLoginPage();
    String theirs = ishikawaIdOn(other.browser().get("/account").body());

    assertThat(theirs).isNotEqualTo(original);
  }

  static String ishikawaIdOn(String accountPage) {
    java.util.regex.Matcher matcher =
        java.util.regex.Pattern.compile("id=\"ishikawa-id\">([0-9A-Z]{20})<").matcher(accountPage);
    assertThat(matcher.find()).as(accountPage).isTrue();
    return matcher.group(1);
  }
}
