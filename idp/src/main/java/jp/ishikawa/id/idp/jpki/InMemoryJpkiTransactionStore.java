package jp.ishikawa.id.idp.jpki;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded default: transactions in this JVM, with the same lifetime and compare-and-set rules
 * as {@link RedisJpkiTransactionStore}. Only for running one node with zero setup.
 */
public final class InMemoryJpkiTransactionStore implements JpkiTransactionStore {

  private record Entry(JpkiTransaction transaction, Instant evictAt) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration grace;
  private final AtomicLong nextEviction = new AtomicLong();

  public InMemoryJpkiTransactionStore(Clock clock, Duration grace) {
    this.clock = clock;
    this.grace = grace;
  }

  @Override
  public void create(JpkiTransaction transaction) {
    evictExpired();
    entries.put(transaction.id(), new Entry(transaction, transaction.expiresAt().plus(grace)));
  }

  @Override
  public Optional<JpkiTransaction> find(String id) {
    Entry entry = entries.get(id);
    if (entry == null || !clock.instant().isBefore(entry.evictAt())) {
      return Optional.empty();
    }
    return Optional.of(entry.transaction());
  }

  @Override
  public boolean claim(String id) {
    return transition(id, TransactionState.PENDING, TransactionState.PROCESSING, null);
  }

  @Override
  public boolean finish(String id, TransactionResult result) {
    return transition(
        id,
        TransactionState.PROCESSING,
        result.succeeded() ? TransactionState.COMPLETED : TransactionState.FAILED,
        result);
  }

  @Override
  public boolean markUsed(String id) {
    return transition(id, TransactionState.COMPLETED, TransactionState.USED, null);
  }

  private boolean transition(
      String id, TransactionState from, TransactionState to, TransactionResult result) {
    AtomicBoolean changed = new AtomicBoolean();
    Instant now = clock.instant();
    entries.computeIfPresent(
        id,
        (key, entry) -> {
          if (!now.isBefore(entry.evictAt()) || entry.transaction().state() != from) {
            return entry;
          }
          changed.set(true);
          TransactionResult kept = result != null ? result : entry.transaction().result();
          return new Entry(entry.transaction().withState(to, kept), entry.evictAt());
        });
    return changed.get();
  }

  /** At most once a second, so creating a transaction never costs a scan of all of them. */
  private void evictExpired() {
    Instant now = clock.instant();
    long due = nextEviction.get();
    if (now.toEpochMilli() < due || !nextEviction.compareAndSet(due, now.toEpochMilli() + 1000)) {
      return;
    }
    entries.values().removeIf(entry -> !now.isBefore(entry.evictAt()));
  }
}
