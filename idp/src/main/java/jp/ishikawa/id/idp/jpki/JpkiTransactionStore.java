package jp.ishikawa.id.idp.jpki;

import java.util.Optional;

/**
 * Where login transactions live between the browser and the card: Redis in production (so any node
 * can serve any step), an in-process map with the same TTL rules by default. Every entry expires;
 * every state change is an atomic compare-and-set.
 */
public interface JpkiTransactionStore {

  /** Stores a new pending transaction; it disappears after its lifetime plus a grace period. */
  void create(JpkiTransaction transaction);

  Optional<JpkiTransaction> find(String id);

  /** pending → processing. False when the transaction is gone or already claimed. */
  boolean claim(String id);

  /** processing → completed or failed, with the result. False when not processing. */
  boolean finish(String id, TransactionResult result);

  /** completed → used: the creating browser picks the result up, once. */
  boolean markUsed(String id);
}
