package jp.ishikawa.id.idp.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import jp.ishikawa.id.cardclient.protocol.TransactionOutcome;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database goes away: a clear error for the card client and the browser, nothing half-written.
 */
class DatabaseOutageTests {

  private TestIdentityProvider idp;

  @BeforeEach
  void start() {
    idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);
  }

  @AfterEach
  void mend() {
    idp.databaseBroken(false);
  }

  @Test
  void registrationWhenDatabaseDownThenServerErrorAndNoResidentCreated() {
    TestFacts facts = TestFacts.defaults().withName("停電　" + System.nanoTime());
    TestResident resident = new TestResident(idp.issuer(), TestCards.issue(idp.pki(), facts));
    resident.browser().open("/login");
    resident.logInFromLoginPageUntilRegistration();
    TestResident.CardTransaction identity = resident.createTransaction("identity");

    idp.databaseBroken(true);
    TransactionOutcome outcome = resident.tap(identity, Purpose.IDENTITY);
    idp.databaseBroken(false);

    assertThat(((TransactionOutcome.Failed) outcome).code()).isEqualTo("server_error");
    HttpResponse<String> status =
        resident.browser().getJson("/jpki/transactions/" + identity.txn() + "/events");
    assertThat(Browser.json(status))
        .containsEntry("status", "failed")
        .containsEntry("reason", "server_error");
    // Nothing half-written: the facts belong to nobody, and the card is still unknown.
    assertThat(
            idp.bean(ResidentService.class)
                .findByCredential(
                    jp.ishikawa.id.verifier.model.Fingerprint.sha256(encoded(resident)))
                .isPresent())
        .isFalse();
    // Once the database is back, the same resident registers normally.
    TestResident.CardTransaction retry = resident.createTransaction("identity");
    assertThat(resident.tap(retry, Purpose.IDENTITY).success()).isTrue();
    assertThat(Browser.location(resident.complete(retry)).getPath()).isEqualTo("/account");
  }

  @Test
  void transactionCreationWhenDatabaseDownForLoginThenStillServedAndResponseGetsServerError() {
    TestResident resident =
        new TestResident(idp.issuer(), TestCards.issue(idp.pki(), TestFacts.defaults()));
    resident.browser().open("/login");
    TestResident.CardTransaction login = resident.createTransaction("login");

    idp.databaseBroken(true);
    TransactionOutcome outcome = resident.tap(login, Purpose.LOGIN);

    assertThat(((TransactionOutcome.Failed) outcome).code()).isEqualTo("server_error");
    assertThat(
            Browser.json(
                resident.browser().getJson("/jpki/transactions/" + login.txn() + "/events")))
        .isEqualTo(Map.of("status", "failed", "reason", "server_error"));
  }

  private static byte[] encoded(TestResident resident) {
    try {
      return resident.card().authenticationCertificate().getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
