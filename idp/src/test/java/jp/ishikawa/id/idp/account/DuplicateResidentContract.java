package jp.ishikawa.id.idp.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.ishikawa.id.cardclient.protocol.TransactionOutcome;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.Test;

/**
 * One person, one verified Ishikawa ID (issue 7, item 3): a card registered "without facts" cannot
 * take on, through {@code /account/facts}, the facts another resident already has.
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
}
