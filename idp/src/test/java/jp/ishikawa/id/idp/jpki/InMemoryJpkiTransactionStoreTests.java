package jp.ishikawa.id.idp.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import jp.ishikawa.id.idp.testing.MutableClock;
import org.junit.jupiter.api.Test;

class InMemoryJpkiTransactionStoreTests extends JpkiTransactionStoreContract {

  private final MutableClock clock = new MutableClock();
  private final InMemoryJpkiTransactionStore store =
      new InMemoryJpkiTransactionStore(clock, Duration.ofMinutes(5));

  @Override
  protected JpkiTransactionStore store() {
    return store;
  }

  @Test
  void findWhenLifetimeAndGracePassedThenGone() {
    JpkiTransaction transaction = pending(clock.instant());
    store.create(transaction);

    clock.advance(Duration.ofMinutes(9));
    assertThat(store.find(transaction.id())).isPresent();
    clock.advance(Duration.ofMinutes(2));
    assertThat(store.find(transaction.id())).isEmpty();
    assertThat(store.claim(transaction.id())).isFalse();
  }
}
