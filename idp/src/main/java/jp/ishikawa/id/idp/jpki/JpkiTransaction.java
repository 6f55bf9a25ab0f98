package jp.ishikawa.id.idp.jpki;

import java.time.Instant;
import jp.ishikawa.id.idp.identity.AuthenticationCredential;

/**
 * A login transaction of the card-reader protocol (ARCHITECTURE.md): what the IdP asked a card to
 * sign, for which browser session. Lives five minutes and is consumed by its first response.
 *
 * @param id the {@code txn}: 128 random bits, base64url
 * @param intent what a good response does
 * @param binding a random secret kept in the creating browser session: only that session can follow
 *     the transaction and pick up its result
 * @param challenge 32 random bytes, base64url without padding
 * @param confirmationCode the two digits the browser shows and the resident types into the client
 * @param clientId the relying party being logged in to, or null for the IdP's own pages
 * @param serviceName the name the card client shows the resident
 * @param residentId for {@link TransactionIntent#UPDATE_FACTS}, the logged-in resident
 * @param pendingCredential for {@link TransactionIntent#REGISTER}, the card being registered
 * @param createdAt creation time
 * @param expiresAt when it stops accepting a response
 * @param state where it is
 * @param result what the response led to, once finished
 */
public record JpkiTransaction(
    String id,
    TransactionIntent intent,
    String binding,
    String challenge,
    String confirmationCode,
    String clientId,
    String serviceName,
    String residentId,
    AuthenticationCredential pendingCredential,
    Instant createdAt,
    Instant expiresAt,
    TransactionState state,
    TransactionResult result) {

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  public JpkiTransaction withState(TransactionState newState, TransactionResult newResult) {
    return new JpkiTransaction(
        id,
        intent,
        binding,
        challenge,
        confirmationCode,
        clientId,
        serviceName,
        residentId,
        pendingCredential,
        createdAt,
        expiresAt,
        newState,
        newResult);
  }

  @Override
  public String toString() {
    return "JpkiTransaction[" + intent + ", " + state + "]";
  }
}
