package jp.ishikawa.id.verifier.revocation;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * What {@link CrlParser} read from one CRL, before its signature is checked.
 *
 * @param issuer the CRL issuer
 * @param thisUpdate when the CRL was issued
 * @param nextUpdate when the next CRL is due, or null when the CRL names none
 * @param crlNumber the cRLNumber extension, or null
 * @param authorityKeyId the authorityKeyIdentifier's key identifier, or null
 * @param distributionPoints the issuingDistributionPoint fullName directory names; empty for a full
 *     CRL
 * @param onlyUserCertificates the issuingDistributionPoint says onlyContainsUserCerts
 * @param onlyCaCertificates the issuingDistributionPoint says onlyContainsCACerts
 * @param revoked the listed serials
 * @param tbsSha256 SHA-256 over the DER of tbsCertList, computed while streaming
 * @param signature the signatureValue bits
 * @param refusal why this well-formed CRL must not be used (unsupported algorithm or critical
 *     extension…), or null
 */
record ParsedCrl(
    X500Principal issuer,
    Instant thisUpdate,
    Instant nextUpdate,
    BigInteger crlNumber,
    byte[] authorityKeyId,
    List<X500Principal> distributionPoints,
    boolean onlyUserCertificates,
    boolean onlyCaCertificates,
    RevokedSerials revoked,
    byte[] tbsSha256,
    byte[] signature,
    String refusal) {

  /** The first distribution point in RFC 2253, or null for a full CRL. */
  String distributionPointName() {
    return distributionPoints.isEmpty()
        ? null
        : distributionPoints.get(0).getName(X500Principal.RFC2253);
  }
}
