package jp.ishikawa.id.idp.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.ishikawa.id.cardclient.protocol.TransactionOutcome;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.AuthenticationCredential;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.identity.VerifiedFacts;
import jp.ishikawa.id.idp.identity.VerifiedFactsRepository;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.model.BasicFacts;
import jp.ishikawa.id.verifier.model.BirthDate;
import jp.ishikawa.id.verifier.model.Gender;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One person, one verified Ishikawa ID (issue 7, item 3): a card registered "without facts" cannot
 * take on, through {@code /account/facts}, the facts another resident already has; a registration
 * whose facts match several residents is refused, and the refusal's audit event is kept while
 * nothing else is.
 */
abstract class DuplicateResidentContract {

  protected abstract TestIdentityProvider.Storage storage();

  private static Resident residentOf(TestIdentityProvider idp, TestResident resident) {
    Matcher matcher =
        Pattern.compile("id=\"ishikawa-id\">([0-9A-Z]{20})<")
            .matcher(resident.browser().get("/account").body());
    assertThat(matcher.find()).isTrue();
    return idp.bean(ResidentService.class).findByIshikawaId(matcher.group(1)).orElseThrow();
  }

  @Test
  void factsUpdateWhenAnotherResidentHasTheSameFactsThenRegistrationConflictAuditedNothingStored() {
    TestIdentityProvider idp = SharedIdentityProviders.get(storage());
    TestFacts facts = TestFacts.defaults().withName("重複　" + System.nanoTime());
    TestResident first = new TestResident(idp.issuer(), TestCards.issue(idp.pki(), facts));
    first.browser().open("/login");
    first.logInFromLoginPage();
    Resident verified = residentOf(idp, first);
    assertThat(idp.bean(ResidentService.class).verifiedFacts(verified.id())).isPresent();

    // The same person's second card, registered without facts, then given them.
    CardContents withoutFacts = TestCards.issue(idp.pki());
    TestResident second = new TestResident(idp.issuer(), withoutFacts);
    second.browser().open("/login");
    second.logInFromLoginPage();
    Resident unverified = residentOf(idp, second);
    second.replaceCard(
        withoutFacts.withSignature(
            idp.pki().issue(LeafSpec.signature().facts(facts)),
            idp.pki().newestRoot(Purpose.IDENTITY).certificate(),
            TestCards.DEFAULT_PASSWORD));
    second.browser().open("/account/facts");
    TestResident.CardTransaction update = second.createTransaction("identity");

    TransactionOutcome outcome = second.tap(update, Purpose.IDENTITY);

    assertThat(((TransactionOutcome.Failed) outcome).code()).isEqualTo("registration_conflict");
    assertThat(idp.bean(ResidentService.class).verifiedFacts(unverified.id())).isEmpty();
    assertThat(idp.bean(AuditLog.class).recent(20))
        .anySatisfy(
            event -> {
              assertThat(event.type()).isEqualTo("resident.facts_update_refused");
              assertThat(event.reasonCode()).isEqualTo("registration_conflict");
              assertThat(event.residentId()).isEqualTo(unverified.id());
            });
  }

  @Test
  void registerWhenSeveralResidentsHaveTheFactsThenRefusedAuditedAndNothingElseKept() {
    TestIdentityProvider idp = SharedIdentityProviders.get(storage());
    ResidentService residents = idp.bean(ResidentService.class);
    JdbcClient jdbc = idp.bean(JdbcClient.class);
    String name = "曖昧　" + System.nanoTime();
    VerifiedFacts facts =
        new VerifiedFacts(
            new BasicFacts(
                name,
                null,
                Gender.fromCode("1"),
                "1",
                BirthDate.parse("319800401"),
                "石川県金沢市鞍月１丁目１番地",
                null),
            Instant.now(),
            VerifiedFacts.JPKI_SIGNATURE_CERTIFICATE,
            "test-root");
    // Two residents with the same facts: what registration itself prevents, left behind by an
    // older version or a manual fix, for an operator to resolve.
    Resident first =
        residents
            .registerWithFacts(credential(), facts, "signature-" + UUID.randomUUID())
            .resident();
    Resident second = residents.registerWithoutFacts(credential()).resident();
    idp.bean(VerifiedFactsRepository.class)
        .save(second.id(), facts, "signature-" + UUID.randomUUID());
    assertThat(first.id()).isNotEqualTo(second.id());
    long refusedBefore = ambiguousRefusals(jdbc);
    long residentsBefore = count(jdbc, "resident");
    long bindingsBefore = count(jdbc, "credential_binding");
    long factsBefore = count(jdbc, "verified_facts");
    AuthenticationCredential third = credential();

    assertThatThrownBy(
            () -> residents.registerWithFacts(third, facts, "signature-" + UUID.randomUUID()))
        .isInstanceOfSatisfying(
            ResidentService.RegistrationRefused.class,
            refused -> assertThat(refused.code()).isEqualTo("registration_conflict"));

    assertThat(ambiguousRefusals(jdbc)).isEqualTo(refusedBefore + 1);
    assertThat(count(jdbc, "resident")).isEqualTo(residentsBefore);
    assertThat(count(jdbc, "credential_binding")).isEqualTo(bindingsBefore);
    assertThat(count(jdbc, "verified_facts")).isEqualTo(factsBefore);
    assertThat(residents.findByCredential(third.fingerprint())).isEmpty();
  }

  private static AuthenticationCredential credential() {
    String serial = UUID.randomUUID().toString().replace("-", "");
    Instant now = Instant.now();
    return new AuthenticationCredential(
        "CN=test", serial, "fp-" + serial, "test-root", now, now.plusSeconds(86_400), true);
  }

  private static long ambiguousRefusals(JdbcClient jdbc) {
    return jdbc.sql(
            "SELECT COUNT(*) FROM audit_event WHERE event_type = 'resident.registration_refused'"
                + " AND reason_code = 'ambiguous_facts'")
        .query(Long.class)
        .single();
  }

  private static long count(JdbcClient jdbc, String table) {
    return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
  }
}
