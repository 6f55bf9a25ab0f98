package jp.ishikawa.id.idp.identity;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import jp.ishikawa.id.verifier.model.Verified;

/**
 * A verified authentication certificate, reduced to what binding needs (no personal facts, no
 * certificate). Kept in the login transaction and, between a login with an unknown card and the
 * registration that follows, in the browser session.
 *
 * @param issuerDn the issuing CA, RFC 2253
 * @param serialHex the serial, upper-case hexadecimal
 * @param fingerprint SHA-256 of the certificate
 * @param rootLabel which root generation issued it
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param revocationChecked whether revocation was checked and found good
 */
public record AuthenticationCredential(
    String issuerDn,
    String serialHex,
    String fingerprint,
    String rootLabel,
    Instant notBefore,
    Instant notAfter,
    boolean revocationChecked)
    implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  public static AuthenticationCredential of(Verified verified) {
    return new AuthenticationCredential(
        verified.credential().issuerDn(),
        verified.credential().serialHex(),
        verified.credential().sha256Fingerprint(),
        verified.root().label(),
        verified.notBefore(),
        verified.notAfter(),
        verified.revocationChecked());
  }
}
