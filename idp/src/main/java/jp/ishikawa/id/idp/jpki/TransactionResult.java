package jp.ishikawa.id.idp.jpki;

import java.time.Instant;
import jp.ishikawa.id.idp.identity.AuthenticationCredential;

/**
 * What the card response led to. Holds identifiers only: the facts of an identity transaction are
 * written to the encrypted store by the response handler, never into the transaction.
 *
 * @param failure the wire error code when the transaction failed, else null
 * @param outcome what happened when it completed: {@code login}, {@code unregistered}, {@code
 *     registered}, {@code renewed}, {@code facts_updated}
 * @param residentId the resident concerned, when known
 * @param credential the verified authentication certificate, for {@code unregistered}
 * @param acr how the resident authenticated, for {@code login}/{@code registered}/{@code renewed}
 * @param finishedAt when the response was processed
 */
public record TransactionResult(
    String failure,
    String outcome,
    String residentId,
    AuthenticationCredential credential,
    String acr,
    Instant finishedAt) {

  public static TransactionResult failed(String code, Instant at) {
    return new TransactionResult(code, null, null, null, null, at);
  }

  public boolean succeeded() {
    return failure == null;
  }
}
