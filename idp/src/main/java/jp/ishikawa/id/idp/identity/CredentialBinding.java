package jp.ishikawa.id.idp.identity;

import java.time.Instant;

/**
 * A card authentication certificate bound to a resident, kept as issuer + serial + SHA-256
 * fingerprint and validity: the certificate itself is never stored (JPKI.md §5).
 *
 * @param id the binding's key
 * @param residentId the resident it belongs to
 * @param issuerDn the issuing CA, RFC 2253
 * @param serialHex the certificate serial, upper-case hexadecimal
 * @param fingerprint SHA-256 of the certificate, upper-case hexadecimal
 * @param rootLabel which root generation issued it
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param boundAt when it was bound
 * @param lastUsedAt when it last logged in, or null
 */
public record CredentialBinding(
    String id,
    String residentId,
    String issuerDn,
    String serialHex,
    String fingerprint,
    String rootLabel,
    Instant notBefore,
    Instant notAfter,
    Instant boundAt,
    Instant lastUsedAt) {}
