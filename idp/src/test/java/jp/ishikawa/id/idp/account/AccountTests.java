package jp.ishikawa.id.idp.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.cardclient.protocol.TransactionOutcome;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.consent.ConsentRecord;
import jp.ishikawa.id.idp.consent.ConsentRecordService;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resident's account page: facts update, consent withdrawal, deactivation. */
class AccountTests {

  private TestIdentityProvider idp;

  @BeforeEach
  void start() {
    idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);
  }

  private TestResident registered(TestFacts facts) {
    TestResident resident = new TestResident(idp.issuer(), TestCards.issue(idp.pki(), facts));
    resident.browser().open("/login");
    resident.logInFromLoginPage();
    return resident;
  }

  private Resident residentOf(TestResident resident) {
    String page = resident.browser().get("/account").body();
    java.util.regex.Matcher matcher =
        java.util.regex.Pattern.compile("id=\"ishikawa-id\">([0-9A-Z]{20})<").matcher(page);
    assertThat(matcher.find()).as(page).isTrue();
    return idp.bean(ResidentService.class).findByIshikawaId(matcher.group(1)).orElseThrow();
  }

  @Test
  void accountWhenLoggedInThenGreetsByNameAndDescribesCardsInPlainWords() {
    String name = "石川　" + System.nanoTime();
    TestFacts facts = TestFacts.defaults().withName(name);
    TestResident resident = registered(facts);
    java.time.LocalDate expiry =
        resident
            .card()
            .authenticationCertificate()
            .getNotAfter()
            .toInstant()
            .atZone(java.time.ZoneId.of("Asia/Tokyo"))
            .toLocalDate();

    HttpResponse<String> page = resident.browser().get("/account");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("id=\"ishikawa-id\"")
        .contains(name + " さん、こんにちは。")
        .contains(
            "マイナンバーカード（有効期限 "
                + expiry.getYear()
                + "年"
                + expiry.getMonthValue()
                + "月"
                + expiry.getDayOfMonth()
                + "日）")
        .doesNotContain(
            resident
                .card()
                .authenticationCertificate()
                .getSerialNumber()
                .toString(16)
                .toUpperCase())
        .contains("id=\"logout\"")
        .contains("class=\"button danger\"")
        .contains("id=\"deactivate\"");
  }

  @Test
  void accountWhenRegisteredWithoutFactsThenNoGreetingByName() {
    TestResident resident = new TestResident(idp.issuer(), TestCards.issue(idp.pki()));
    resident.browser().open("/login");
    resident.logInFromLoginPage();

    assertThat(resident.browser().get("/account").body())
        .contains("id=\"ishikawa-id\"")
        .doesNotContain("id=\"greeting\"");
  }

  @Test
  void accountWhenNotLoggedInThenLoginPage() {
    HttpResponse<String> page = new Browser(idp.issuer()).get("/account");
    assertThat(Browser.location(page).getPath()).isEqualTo("/login");
  }

  @Test
  void factsUpdateWhenMovedHouseThenNewAddressStoredForTheSameId() throws Exception {
    TestResident resident = registered(TestFacts.defaults().withName("転居　" + System.nanoTime()));
    Resident before = residentOf(resident);
    CardContents old = resident.card();
    TestFacts moved =
        TestFacts.defaults()
            .withName(
                idp.bean(ResidentService.class)
                    .verifiedFacts(before.id())
                    .orElseThrow()
                    .facts()
                    .name())
            .withAddress("石川県白山市倉光２丁目１番地");
    KeyPair authenticationKeys =
        new KeyPair(old.authenticationCertificate().getPublicKey(), old.authenticationKey());
    CardContents withNewSignature =
        CardContents.authenticationOnly(
                new IssuedCertificate(old.authenticationCertificate(), authenticationKeys),
                old.authenticationCa(),
                old.pin())
            .withSignature(
                idp.pki().issue(LeafSpec.signature().facts(moved)),
                idp.pki().newestRoot(Purpose.IDENTITY).certificate(),
                TestCards.DEFAULT_PASSWORD);
    resident.replaceCard(withNewSignature);

    resident.browser().open("/account/facts");
    TestResident.CardTransaction update = resident.createTransaction("identity");
    assertThat(resident.tap(update, Purpose.IDENTITY).success()).isTrue();
    HttpResponse<String> done = resident.complete(update);

    assertThat(Browser.location(done).toString()).endsWith("/account?updated");
    assertThat(residentOf(resident).id()).isEqualTo(before.id());
    assertThat(
            idp.bean(ResidentService.class)
                .verifiedFacts(before.id())
                .orElseThrow()
                .facts()
                .address())
        .isEqualTo("石川県白山市倉光２丁目１番地");
  }

  @Test
  void factsUpdateWhenRegisteredWithoutSignatureCertificateThenFactsAddedLater() {
    CardContents childCard = TestCards.issue(idp.pki());
    TestResident resident = new TestResident(idp.issuer(), childCard);
    resident.browser().open("/login");
    resident.logInFromLoginPage();
    Resident registered = residentOf(resident);
    assertThat(idp.bean(ResidentService.class).verifiedFacts(registered.id())).isEmpty();

    // Later the resident has a card with a signature certificate (same authentication key), with
    // facts no other resident has.
    CardContents grownUp =
        childCard.withSignature(
            idp.pki()
                .issue(
                    LeafSpec.signature()
                        .facts(TestFacts.defaults().withName("成長　" + System.nanoTime()))),
            idp.pki().newestRoot(Purpose.IDENTITY).certificate(),
            TestCards.DEFAULT_PASSWORD);
    resident.replaceCard(grownUp);
    resident.browser().open("/account/facts");
    TestResident.CardTransaction update = resident.createTransaction("identity");
    assertThat(resident.tap(update, Purpose.IDENTITY).success()).isTrue();
    resident.complete(update);

    assertThat(idp.bean(ResidentService.class).verifiedFacts(registered.id())).isPresent();
  }

  @Test
  void factsUpdateWhenAnsweredWithAnotherResidentsCardThenCardMismatch() {
    TestResident resident = registered(TestFacts.defaults().withName("更新元　" + System.nanoTime()));
    Resident before = residentOf(resident);
    var factsBefore = idp.bean(ResidentService.class).verifiedFacts(before.id()).orElseThrow();
    resident.browser().open("/account/facts");
    TestResident.CardTransaction update = resident.createTransaction("identity");
    resident.replaceCard(
        TestCards.issue(idp.pki(), TestFacts.defaults().withName("別人　" + System.nanoTime())));

    TransactionOutcome outcome = resident.tap(update, Purpose.IDENTITY);

    assertThat(((TransactionOutcome.Failed) outcome).code()).isEqualTo("card_mismatch");
    assertThat(
            idp.bean(ResidentService.class).verifiedFacts(before.id()).orElseThrow().facts().name())
        .isEqualTo(factsBefore.facts().name());
  }

  @Test
  void deactivateWhenNotConfirmedThenNothingChanges() {
    TestResident resident = registered(TestFacts.defaults());
    resident.browser().open("/account");

    HttpResponse<String> response = resident.browser().postForm("/account/deactivate", Map.of());

    assertThat(Browser.location(response).toString()).endsWith("/account?confirm-deactivation");
    assertThat(residentOf(resident).active()).isTrue();
  }

  @Test
  void deactivateWhenConfirmedThenSignedOutConsentsWithdrawnAndCardRefused() {
    TestResident resident = registered(TestFacts.defaults().withName("停止　" + System.nanoTime()));
    Resident before = residentOf(resident);
    resident.browser().open("/account");

    HttpResponse<String> response =
        resident.browser().postForm("/account/deactivate", Map.of("confirm", List.of("yes")));

    assertThat(Browser.location(response).toString()).endsWith("/login?deactivated");
    assertThat(idp.bean(ResidentService.class).findById(before.id()).orElseThrow().active())
        .isFalse();
    assertThat(idp.bean(ConsentRecordService.class).history(before.id()))
        .noneMatch(record -> ConsentRecord.GIVEN.equals(record.status()));
    resident.browser().open("/login");
    TransactionOutcome again = resident.tap(resident.createTransaction("login"), Purpose.LOGIN);
    assertThat(((TransactionOutcome.Failed) again).code()).isEqualTo("account_deactivated");
  }
}
