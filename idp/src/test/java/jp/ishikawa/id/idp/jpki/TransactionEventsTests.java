package jp.ishikawa.id.idp.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import org.junit.jupiter.api.Test;

/**
 * Event streams end when the node shuts down, so a node leaves at once (pages fall back to
 * polling).
 */
class TransactionEventsTests {

  @Test
  void closeWhenStreamsOpenThenEveryStreamEnded() {
    TestIdentityProvider idp = TestIdentityProvider.start(TestIdentityProvider.Storage.EMBEDDED);
    try {
      TestResident resident = new TestResident(idp.issuer(), TestCards.issue(idp.pki()));
      resident.browser().open("/login");
      TestResident.CardTransaction transaction = resident.createTransaction("login");
      TransactionEvents events = idp.bean(TransactionEvents.class);
      String binding =
          idp.bean(JpkiTransactionStore.class).find(transaction.txn()).orElseThrow().binding();
      events.follow(transaction.txn(), binding);
      events.follow(transaction.txn(), binding);
      assertThat(events.openStreams()).isEqualTo(2);

      idp.close();

      assertThat(events.openStreams()).isZero();
    } finally {
      idp.close();
    }
  }

  @Test
  void followWhenAnotherSessionsBindingThenNotFoundAndNoStream() {
    try (TestIdentityProvider idp =
        TestIdentityProvider.start(TestIdentityProvider.Storage.EMBEDDED)) {
      TestResident resident = new TestResident(idp.issuer(), TestCards.issue(idp.pki()));
      resident.browser().open("/login");
      TestResident.CardTransaction transaction = resident.createTransaction("login");
      TransactionEvents events = idp.bean(TransactionEvents.class);

      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> events.follow(transaction.txn(), "someone-else"))
          .isInstanceOf(JpkiProtocolException.class);
      assertThat(events.openStreams()).isZero();
    }
  }
}
