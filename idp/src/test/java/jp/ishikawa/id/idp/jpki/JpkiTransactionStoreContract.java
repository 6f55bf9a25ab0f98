package jp.ishikawa.id.idp.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JpkiTransactionStore} must do: the compare-and-set transitions, and that a
 * transaction claimed by one response cannot be claimed by another, even at the same instant.
 */
abstract class JpkiTransactionStoreContract {

  protected abstract JpkiTransactionStore store();

  protected static JpkiTransaction pending(Instant now) {
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    return new JpkiTransaction(
        id,
        TransactionIntent.LOGIN,
        "binding",
        "challenge",
        "42",
        "portal",
        "Portal",
        null,
        null,
        now,
        now.plus(Duration.ofMinutes(5)),
        TransactionState.PENDING,
        null);
  }

  @Test
  void findWhenCreatedThenPendingWithItsData() {
    JpkiTransaction transaction = pending(Instant.now());
    store().create(transaction);

    JpkiTransaction found = store().find(transaction.id()).orElseThrow();

    assertThat(found.state()).isEqualTo(TransactionState.PENDING);
    assertThat(found.confirmationCode()).isEqualTo("42");
    assertThat(found.clientId()).isEqualTo("portal");
    assertThat(found.expiresAt()).isEqualTo(transaction.expiresAt());
  }

  @Test
  void findWhenUnknownThenEmpty() {
    assertThat(store().find("nope-nope-nope-nope-no")).isEmpty();
  }

  @Test
  void claimWhenTwiceThenOnlyFirstWins() {
    JpkiTransaction transaction = pending(Instant.now());
    store().create(transaction);

    assertThat(store().claim(transaction.id())).isTrue();
    assertThat(store().claim(transaction.id())).isFalse();
    assertThat(store().find(transaction.id()).orElseThrow().state())
        .isEqualTo(TransactionState.PROCESSING);
  }

  @Test
  void claimWhenRacedByEightThreadsThenExactlyOneWins() throws Exception {
    JpkiTransaction transaction = pending(Instant.now());
    store().create(transaction);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> claims = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        claims.add(() -> store().claim(transaction.id()));
      }
      long winners = 0;
      for (Future<Boolean> result : pool.invokeAll(claims)) {
        winners += result.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void finishWhenNotClaimedThenRefused() {
    JpkiTransaction transaction = pending(Instant.now());
    store().create(transaction);

    assertThat(
            store().finish(transaction.id(), TransactionResult.failed("wrong_code", Instant.now())))
        .isFalse();
    assertThat(store().find(transaction.id()).orElseThrow().state())
        .isEqualTo(TransactionState.PENDING);
  }

  @Test
  void finishWhenFailedThenFailedWithReason() {
    JpkiTransaction transaction = pending(Instant.now());
    store().create(transaction);
    store().claim(transaction.id());

    assertThat(store().finish(transaction.id(), TransactionResult.failed("revoked", Instant.now())))
        .isTrue();

    JpkiTransaction found = store().find(transaction.id()).orElseThrow();
    assertThat(found.state()).isEqualTo(TransactionState.FAILED);
    assertThat(found.result().failure()).isEqualTo("revoked");
    assertThat(store().markUsed(transaction.id())).isFalse();
  }

  @Test
  void markUsedWhenCompletedThenOnce() {
    JpkiTransaction transaction = pending(Instant.now());
    store().create(transaction);
    store().claim(transaction.id());
    store()
        .finish(
            transaction.id(),
            new TransactionResult(null, "login", "resident-1", null, "acr", Instant.now()));

    assertThat(store().markUsed(transaction.id())).isTrue();
    assertThat(store().markUsed(transaction.id())).isFalse();
    JpkiTransaction found = store().find(transaction.id()).orElseThrow();
    assertThat(found.state()).isEqualTo(TransactionState.USED);
    assertThat(found.result().residentId()).isEqualTo("resident-1");
  }
}
