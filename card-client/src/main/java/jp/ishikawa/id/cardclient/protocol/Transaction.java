package jp.ishikawa.id.cardclient.protocol;

import java.time.Instant;
import java.util.Base64;
import jp.ishikawa.id.verifier.model.Purpose;

/**
 * A login transaction as the client fetched it: {@code {txn, purpose, service_name, challenge,
 * expires_at}}.
 *
 * @param txn the transaction id (checked to equal the URL's)
 * @param purpose login or identity (checked to equal the command's)
 * @param serviceName the service's name for the resident, control and format characters removed
 * @param challenge the challenge, canonical base64url without padding
 * @param expiresAt when the server stops accepting a response
 */
public record Transaction(
    String txn, Purpose purpose, String serviceName, String challenge, Instant expiresAt) {

  public byte[] challengeBytes() {
    return Base64.getUrlDecoder().decode(challenge);
  }
}
