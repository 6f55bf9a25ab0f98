package jp.ishikawa.id.verifier.model;

import java.math.BigInteger;
import java.util.Objects;

/**
 * What identifies one certificate without keeping it: the issuer's distinguished name (RFC 2253),
 * the serial number and the SHA-256 fingerprint of the DER encoding. The subject CN is deliberately
 * not part of it: it changes at every reissue and means nothing on its own.
 */
public record CredentialKey(String issuerDn, BigInteger serial, String sha256Fingerprint) {

  public CredentialKey {
    Objects.requireNonNull(issuerDn, "issuerDn");
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(sha256Fingerprint, "sha256Fingerprint");
  }

  /** The serial in upper-case hexadecimal, as certificate viewers show it. */
  public String serialHex() {
    return serial.toString(16).toUpperCase(java.util.Locale.ROOT);
  }
}
