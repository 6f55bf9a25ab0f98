package jp.ishikawa.id.cardclient.protocol;

import java.util.OptionalInt;
import jp.ishikawa.id.verifier.model.Purpose;

/**
 * How a transaction ended, for the resident and for automation: completed, or failed with a code.
 */
public sealed interface TransactionOutcome {

  /** Whether the server accepted the response ({@code 204}). */
  boolean success();

  /**
   * The server accepted the signed response: the browser continues.
   *
   * @param txn the transaction
   * @param purpose login or identity
   * @param serviceName the service the resident logged in to, as the server named it
   * @param origin the IdP origin the client connected to
   */
  record Completed(String txn, Purpose purpose, String serviceName, String origin)
      implements TransactionOutcome {
    @Override
    public boolean success() {
      return true;
    }
  }

  /**
   * The transaction failed, on the card, in the client or at the server.
   *
   * @param code a stable code: a card code ({@code wrong_pin}…), a client code ({@code
   *     origin_mismatch}…) or the server's ({@code expired}…)
   * @param message the resident's sentence, Japanese then English
   * @param triesLeft tries left when a PIN or password was wrong
   * @param detail a technical detail, or null
   */
  record Failed(String code, String message, OptionalInt triesLeft, String detail)
      implements TransactionOutcome {
    @Override
    public boolean success() {
      return false;
    }
  }
}
