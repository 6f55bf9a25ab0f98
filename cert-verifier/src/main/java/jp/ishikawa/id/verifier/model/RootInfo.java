package jp.ishikawa.id.verifier.model;

import java.time.Instant;

/**
 * Which root (and so which generation) a certificate chains to.
 *
 * @param label a readable name: the J-LIS name (e.g. {@code authca01}) for a known production root,
 *     otherwise the subject's O and the validity start (e.g. {@code JPKI-TEST 2023-07-16})
 * @param subjectDn the root's subject, RFC 2253
 * @param serialHex the root's serial, upper-case hexadecimal
 * @param sha256Fingerprint SHA-256 of the root's DER encoding, upper-case hexadecimal
 * @param notBefore start of the root's validity
 * @param notAfter end of the root's validity
 * @param test whether this is a test root ({@code O=JPKI-TEST} or another non-production root)
 */
public record RootInfo(
    String label,
    String subjectDn,
    String serialHex,
    String sha256Fingerprint,
    Instant notBefore,
    Instant notAfter,
    boolean test) {}
