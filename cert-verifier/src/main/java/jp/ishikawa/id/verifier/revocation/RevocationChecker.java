package jp.ishikawa.id.verifier.revocation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import jp.ishikawa.id.verifier.model.RevocationStatus;

/**
 * Asks a revocation source about one certificate. Implementations: {@link CrlRevocationChecker}
 * (CRL store), {@link OcspRevocationChecker} (RFC 6960), {@link FallbackRevocationChecker} (OCSP,
 * then CRL), and {@link #none()} for development.
 *
 * <p>Implementations answer {@link RevocationStatus.State#UNKNOWN} when they cannot give a
 * trustworthy answer (source down, stale, badly signed); they must not throw for that, and they
 * must never answer GOOD without having seen a signed, fresh statement.
 */
public interface RevocationChecker {

  /**
   * The revocation status of {@code certificate}, issued by {@code issuer}, at {@code now}.
   *
   * @param certificate a certificate whose path to {@code issuer} is already verified
   * @param issuer the root that issued it
   * @param now the verifier's clock time
   */
  RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant now);

  /**
   * No revocation checking, for development with test cards only: every result reports the status
   * as {@code unchecked}, and the IdP refuses it outside demo mode.
   */
  static RevocationChecker none() {
    return (certificate, issuer, now) -> RevocationStatus.unchecked(now);
  }
}
